package org.registrytrialmatcher.derive;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Age at a date: in completed years (the rules' age), and in decimal years (for CKiD U25). */
public final class Age {
    private Age() {
    }

    public static int completedYears(LocalDate birth, LocalDate on) {
        return (int) ChronoUnit.YEARS.between(birth, on);
    }

    /** Whole years completed, plus the fraction of the current year of life elapsed (by days). */
    public static double decimalYears(LocalDate birth, LocalDate on) {
        int years = completedYears(birth, on);
        LocalDate lastBirthday = birth.plusYears(years);
        LocalDate nextBirthday = birth.plusYears(years + 1L);
        return years + (double) ChronoUnit.DAYS.between(lastBirthday, on) / ChronoUnit.DAYS.between(lastBirthday, nextBirthday);
    }
}
