package org.registrytrialmatcher.derive;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import org.registrytrialmatcher.facts.Medication;

/**
 * Exposure to drugs: the number of calendar days covered by the union of their records, each
 * from start to stop date inclusive, and the last exposure date of a record. A single infusion
 * (a record of a drug given as infusions, with no doses per day and no stop date) covers its
 * start date alone and that is its last exposure; any other record without a stop date is
 * ongoing at the run date (screening-rules.md, Clarifications, "Single infusions").
 */
public final class Exposure {
    private Exposure() {
    }

    /** Whether the record is one infusion on its start date, its drug being given as infusions. */
    public static boolean isSingleInfusion(Medication m, boolean infusionDrug) {
        return infusionDrug && m.dosesPerDay() == null && m.stop() == null;
    }

    /** Days covered by the union of the records; {@code singleInfusion} says which records are single infusions. */
    public static long days(List<Medication> records, LocalDate runDate, Predicate<Medication> singleInfusion) {
        List<LocalDate[]> spans = new ArrayList<>();
        for (Medication m : records) {
            LocalDate end = singleInfusion.test(m) ? m.start() : m.stop() == null ? runDate : m.stop();
            if (end.isAfter(runDate)) end = runDate;
            if (!end.isBefore(m.start())) spans.add(new LocalDate[] {m.start(), end});
        }
        spans.sort(Comparator.comparing(s -> s[0]));
        long days = 0;
        LocalDate coveredTo = null;
        for (LocalDate[] s : spans) {
            LocalDate from = coveredTo == null || s[0].isAfter(coveredTo) ? s[0] : coveredTo.plusDays(1);
            if (!s[1].isBefore(from)) {
                days += ChronoUnit.DAYS.between(from, s[1]) + 1;
            }
            if (coveredTo == null || s[1].isAfter(coveredTo)) coveredTo = s[1];
        }
        return days;
    }

    /** The stop date; the start date for a single infusion; the run date if ongoing. */
    public static LocalDate lastExposure(Medication m, LocalDate runDate, boolean singleInfusion) {
        if (m.stop() != null) return m.stop();
        if (singleInfusion) return m.start();
        return runDate;
    }

    /** Whether the record is ongoing at the run date: no stop date (and not a single infusion), or a stop date after it. */
    public static boolean ongoing(Medication m, LocalDate runDate, boolean singleInfusion) {
        if (m.stop() == null) return !singleInfusion;
        return m.stop().isAfter(runDate);
    }
}
