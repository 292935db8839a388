package org.registrytrialmatcher.catalogue;

import java.util.List;

/**
 * What the catalogue says about one analyte or observation: its canonical unit (a UCUM code,
 * null for unitless forms), the value forms it may be sent in, the molar mass used for
 * mass/molar conversions (a UCUM quantity such as "113.12 g/mol", or null) and the
 * plausibility limits in the canonical unit.
 */
public record Measure(String code, String name, String unit, List<ValueForm> valueForms,
                      String molarMass, Double min, Double max) {

    public boolean accepts(ValueForm form) {
        return valueForms.contains(form);
    }

    /** Whether a value in the canonical unit (or of a unitless form) lies within the plausibility limits. */
    public boolean plausible(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }
}
