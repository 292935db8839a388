package org.registrytrialmatcher.evaluate;

import java.util.List;

import org.registrytrialmatcher.facts.PatientFacts;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Evaluates one patient in every cohort they enter; a patient who enters none is not listed anywhere. */
public class PatientEvaluator implements ItemProcessor<PatientFacts, List<CohortResult>> {
    private final CohortEvaluator evaluator;

    public PatientEvaluator(CohortEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public List<CohortResult> process(PatientFacts facts) {
        List<CohortResult> results = evaluator.evaluate(facts);
        return results.isEmpty() ? null : results;
    }
}
