package org.registrytrialmatcher.derive;

import java.time.LocalDate;

import org.registrytrialmatcher.rules.TrialDefinition;

/**
 * A child who turns the trial's minimum age (enters its age window) or its upper age (leaves
 * it) after the run date and within the look-ahead: what the research office should expect
 * before the next runs. Worked out while the child is evaluated, from the birth date in hand,
 * so that the report and manifest need not join every child to its patient record again.
 */
public record AgeWindowChange(String change, LocalDate on) {
    public static final int LOOKAHEAD_DAYS = 90;
    /** The trial's age window {min, below}: its age rule's, or RD06-05's (5 to under 20) where it has none. */
    public static int[] window(TrialDefinition trial) {
        return trial.ageWindow().orElseGet(() -> new int[] {5, 20});
    }

    /** The change within {@link #LOOKAHEAD_DAYS} days after {@code runDate}, or null if there is none. */
    public static AgeWindowChange of(LocalDate birth, LocalDate runDate, int minAge, int belowAge) {
        LocalDate horizon = runDate.plusDays(LOOKAHEAD_DAYS);
        LocalDate leaves = birth.plusYears(belowAge);
        if (leaves.isAfter(runDate) && !leaves.isAfter(horizon)) return new AgeWindowChange("leaves the age window (turns " + belowAge + ")", leaves);
        LocalDate enters = birth.plusYears(minAge);
        if (enters.isAfter(runDate) && !enters.isAfter(horizon)) return new AgeWindowChange("enters the age window (turns " + minAge + ")", enters);
        return null;
    }
}
