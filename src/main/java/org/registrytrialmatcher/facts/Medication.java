package org.registrytrialmatcher.facts;

import java.time.LocalDate;

/**
 * A medication record: drug name and ATC code as sent, dose in mg, mg/kg or mg/m2 per
 * administration, administrations a day (null = once or a single infusion), start and stop
 * (null = ongoing), stop reason (COMPLETED, INEFFICACY, INTOLERANCE, OTHER or null), provenance.
 */
public record Medication(String drugName, String atc, Double dose, String doseUnit, Double dosesPerDay,
                         LocalDate start, LocalDate stop, String stopReason, Evidence evidence) {

    public String label() {
        if (drugName != null && atc != null) return drugName + " (" + atc + ")";
        return drugName != null ? drugName : atc;
    }
}
