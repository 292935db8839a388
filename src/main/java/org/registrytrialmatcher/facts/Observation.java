package org.registrytrialmatcher.facts;

import java.time.LocalDate;

/** A clinical observation (LVEF, SpO2, NYHA, weight, height, dialysis, home oxygen), normalised, with provenance. */
public record Observation(String code, LocalDate date, String form, Double value, String text, String unit, Evidence evidence) {

    public String shown() {
        if ("QUANTITY".equals(form)) return Numbers.format(value) + " " + Units.display(unit);
        if ("ROMAN".equals(form)) return "class " + text;
        return text;
    }
}
