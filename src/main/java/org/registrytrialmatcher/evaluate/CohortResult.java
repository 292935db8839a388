package org.registrytrialmatcher.evaluate;

import java.time.LocalDate;
import java.util.List;

import org.registrytrialmatcher.derive.AgeWindowChange;

/**
 * One patient evaluated in one cohort: who (reference, linked source IDs, age, sex), the
 * status, the open rules (UNKNOWN and REVIEW), the most recent evidence date, every rule's result,
 * and whether the child enters or leaves the trial's age window soon (null if not).
 */
public record CohortResult(String cohort, String patientRef, List<String> sourceIds, int age, String sex, CohortStatus status,
                           List<String> openRules, LocalDate evidenceDate, List<RuleResult> rules, AgeWindowChange ageChange) {
}
