package org.registrytrialmatcher.facts;

import java.time.LocalDate;

/**
 * A lab result, normalised: analyte, date, value form (QUANTITY, TITER, QUALITATIVE,
 * ORDINAL), censoring comparator, number in the canonical unit, text value, reference limits
 * in the canonical unit, and its provenance.
 */
public record Lab(String analyte, LocalDate date, String form, String comparator, Double value, String text, String unit,
                  Double refLow, Double refHigh, Evidence evidence) {

    /** The value as a clinician reads it, in the canonical unit ("<3.42 umol/L", "1:320", "POS"). */
    public String shown() {
        if ("QUANTITY".equals(form)) return (comparator == null ? "" : comparator) + Numbers.format(value) + " " + Units.display(unit);
        return text;
    }
}
