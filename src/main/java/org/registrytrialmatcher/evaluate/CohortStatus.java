package org.registrytrialmatcher.evaluate;

/** A patient's status in a cohort: EXCLUDED if any rule is NOT_MET; else CANDIDATE if none is open; else POSSIBLE. */
public enum CohortStatus {
    CANDIDATE, POSSIBLE, EXCLUDED
}
