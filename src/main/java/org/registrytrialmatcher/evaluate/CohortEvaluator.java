package org.registrytrialmatcher.evaluate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.registrytrialmatcher.derive.Age;
import org.registrytrialmatcher.derive.AgeWindowChange;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.facts.PatientFacts;
import org.registrytrialmatcher.rules.CohortDefinition;
import org.registrytrialmatcher.rules.RuleDefinition;
import org.registrytrialmatcher.rules.TrialDefinition;

/**
 * Evaluates one patient in every cohort whose entry condition holds: every rule of the cohort,
 * the status, the open rules and the most recent evidence date. Pure: same facts, same result.
 */
public final class CohortEvaluator {
    private final TrialDefinition trial;
    private final int[] ageWindow;

    public CohortEvaluator(TrialDefinition trial) {
        this.trial = trial;
        this.ageWindow = AgeWindowChange.window(trial);
    }

    public List<CohortResult> evaluate(PatientFacts facts) {
        List<CohortResult> results = new ArrayList<>();
        for (CohortDefinition cohort : trial.cohorts()) {
            if (cohort.enters(facts)) results.add(evaluate(facts, cohort));
        }
        return results;
    }

    public CohortResult evaluate(PatientFacts facts, CohortDefinition cohort) {
        List<RuleResult> rules = new ArrayList<>();
        List<String> open = new ArrayList<>();
        boolean excluded = false;
        LocalDate evidenceDate = null;
        for (RuleDefinition rule : trial.rulesFor(cohort)) {
            Finding f = rule.evaluate(facts, cohort);
            rules.add(new RuleResult(rule.id(), f.outcome(), f.reason(), f.evidence(), f.toSettle()));
            if (f.outcome() == Outcome.NOT_MET) excluded = true;
            if (f.outcome().isOpen()) open.add(rule.id());
            for (Evidence e : f.evidence()) {
                if (e.date() != null && (evidenceDate == null || e.date().isAfter(evidenceDate))) evidenceDate = e.date();
            }
        }
        CohortStatus status = excluded ? CohortStatus.EXCLUDED : open.isEmpty() ? CohortStatus.CANDIDATE : CohortStatus.POSSIBLE;
        return new CohortResult(cohort.id(), facts.patientRef(), facts.sourceIds(), Age.completedYears(facts.birthDate(), facts.runDate()),
                facts.sex(), status, List.copyOf(open), evidenceDate, List.copyOf(rules),
                AgeWindowChange.of(facts.birthDate(), facts.runDate(), ageWindow[0], ageWindow[1]));
    }
}
