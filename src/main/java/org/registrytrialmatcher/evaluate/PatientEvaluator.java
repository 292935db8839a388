package org.registrytrialmatcher.evaluate;

import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Evaluates one patient in every cohort they enter. A patient who enters none and had no
 * staged row rejected leaves nothing to write.
 */
public class PatientEvaluator implements ItemProcessor<StagedPatient, PatientEvaluation> {
    private final CohortEvaluator evaluator;

    public PatientEvaluator(CohortEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public PatientEvaluation process(StagedPatient patient) {
        List<CohortResult> results = evaluator.evaluate(patient.facts());
        return results.isEmpty() && patient.rejections().isEmpty() ? null : new PatientEvaluation(results, patient.rejections());
    }
}
