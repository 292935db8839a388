package org.registrytrialmatcher.facts;

/** UCUM codes as a clinician reads them. */
public final class Units {
    private Units() {
    }

    public static String display(String ucum) {
        if (ucum == null) return "";
        return switch (ucum) {
            case "10*9/L" -> "x10^9/L";
            case "mL/min/{1.73_m2}" -> "mL/min/1.73m2";
            case "g/(24.h)" -> "g/24h";
            case "/[HPF]" -> "/HPF";
            case "[IU]/mL" -> "IU/mL";
            default -> ucum;
        };
    }
}
