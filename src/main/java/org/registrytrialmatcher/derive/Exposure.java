package org.registrytrialmatcher.derive;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.registrytrialmatcher.facts.Medication;

/**
 * Exposure to a drug: the number of calendar days covered by the union of its records, each
 * from start to stop date inclusive (the run date if ongoing); and the last exposure date
 * (stop date; start date for a single infusion; the run date if ongoing). A record with no
 * doses per day and no stop date is read as a single infusion for its last exposure, but (as the
 * spec's exposure rule says) as ongoing for its exposure days.
 */
public final class Exposure {
    private Exposure() {
    }

    public static long days(List<Medication> records, LocalDate runDate) {
        List<LocalDate[]> spans = new ArrayList<>();
        for (Medication m : records) {
            LocalDate end = m.stop() == null ? runDate : m.stop();
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

    /** Stop date; the start date for a single infusion (no doses per day, no stop date); the run date if ongoing. */
    public static LocalDate lastExposure(Medication m, LocalDate runDate) {
        if (m.stop() != null) return m.stop();
        if (m.dosesPerDay() == null) return m.start();
        return runDate;
    }

    public static Optional<LocalDate> lastExposure(List<Medication> records, LocalDate runDate) {
        return records.stream().map(m -> lastExposure(m, runDate)).max(Comparator.naturalOrder());
    }
}
