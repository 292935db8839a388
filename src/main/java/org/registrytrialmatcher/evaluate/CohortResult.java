package org.registrytrialmatcher.evaluate;

import java.time.LocalDate;
import java.util.List;

/**
 * One patient evaluated in one cohort: who (reference, linked source IDs, age, sex), the
 * status, the open rules (UNKNOWN and REVIEW), the most recent evidence date, and every rule's result.
 */
public record CohortResult(String cohort, String patientRef, List<String> sourceIds, int age, String sex, CohortStatus status,
                           List<String> openRules, LocalDate evidenceDate, List<RuleResult> rules) {
}
