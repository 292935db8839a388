package org.registrytrialmatcher.rules;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trial, as its definition folder says: its id, cohorts, rules (in output order), and the
 * defaults, drugs and drug classes they use. Loaded and validated by {@link TrialDefinitionLoader}.
 */
public record TrialDefinition(Path folder, String id, String registration, String title, List<CohortDefinition> cohorts,
                              List<RuleDefinition> rules, Map<String, Double> defaultUln, Map<String, Double> defaultLln,
                              DrugIdentity drugs) {

    /** The age window of the trial's age rule ({min, below}), if it has one. */
    public java.util.Optional<int[]> ageWindow() {
        return rules.stream().map(RuleDefinition::check).filter(c -> c instanceof SimpleChecks.AgeRange)
                .map(c -> new int[] {((SimpleChecks.AgeRange) c).min(), ((SimpleChecks.AgeRange) c).below()}).findFirst();
    }

    public java.util.Optional<RuleDefinition> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public List<RuleDefinition> rulesFor(CohortDefinition cohort) {
        return rules.stream().filter(r -> r.appliesTo(cohort)).toList();
    }
}
