package org.registrytrialmatcher.derive;

import java.util.Optional;

import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.Observation;

/**
 * The daily dose of a medication record: dose x doses per day (1 if empty); an mg dose is
 * turned into mg/kg with the latest weight dated on or before the record's start and at most
 * 365 days before it; an mg/kg dose is per kg already. mg/m2 needs a body surface area the
 * registries do not give: unknown. Multiplied by the drug's prednisone equivalence for GC.
 */
public final class DailyDose {
    private DailyDose() {
    }

    public static Optional<Double> mgPerDay(Medication m, Optional<Observation> weight, double equivalence) {
        if (m.dose() == null) return Optional.empty();
        double perDay = m.dose() * (m.dosesPerDay() == null ? 1 : m.dosesPerDay()) * equivalence;
        return switch (m.doseUnit()) {
            case "mg" -> Optional.of(perDay);
            case "mg/kg" -> weight.map(w -> perDay * w.value());
            default -> Optional.empty();
        };
    }

    public static Optional<Double> mgPerKgPerDay(Medication m, Optional<Observation> weight, double equivalence) {
        if (m.dose() == null) return Optional.empty();
        double perDay = m.dose() * (m.dosesPerDay() == null ? 1 : m.dosesPerDay()) * equivalence;
        return switch (m.doseUnit()) {
            case "mg/kg" -> Optional.of(perDay);
            case "mg" -> weight.filter(w -> w.value() != null && w.value() > 0).map(w -> perDay / w.value());
            default -> Optional.empty();
        };
    }
}
