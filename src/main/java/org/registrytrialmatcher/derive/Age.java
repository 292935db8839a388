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

    /** Decimal age for the equations (CKiD U25): days since birth / 365.25 (screening-rules.md, Clarifications, "Computed eGFR"). */
    public static double decimalYears(LocalDate birth, LocalDate on) {
        return ChronoUnit.DAYS.between(birth, on) / 365.25;
    }
}
