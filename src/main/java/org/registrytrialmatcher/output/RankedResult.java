package org.registrytrialmatcher.output;

/** A child's place on one cohort's referral list. */
public record RankedResult(String cohort, String patientRef, long rank) {
}
