package org.registrytrialmatcher.evaluate;

import java.util.List;

import org.registrytrialmatcher.staging.StagedRowRejection;

/** What evaluating one child produced: a result per cohort entered, and the child's staged rows that were rejected. */
public record PatientEvaluation(List<CohortResult> results, List<StagedRowRejection> rejections) {
}
