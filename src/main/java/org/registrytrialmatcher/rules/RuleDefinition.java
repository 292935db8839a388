package org.registrytrialmatcher.rules;

import java.util.Set;

import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.PatientFacts;

/** A rule of the trial: id, kind, what it asks (text), the cohorts it applies to (empty = all), its check. */
public record RuleDefinition(String id, String kind, String text, Set<String> cohorts, Check check) {

    public boolean appliesTo(CohortDefinition cohort) {
        return cohorts.isEmpty() || cohorts.contains(cohort.id());
    }

    public Finding evaluate(PatientFacts facts, CohortDefinition cohort) {
        return check.check(facts, cohort);
    }
}
