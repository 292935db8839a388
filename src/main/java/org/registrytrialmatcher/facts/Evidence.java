package org.registrytrialmatcher.facts;

import java.time.LocalDate;

/**
 * Where a fact comes from and what it was: the source, file and line of the row, its date,
 * the value as the registry wrote it and the normalised value. Derived values name their
 * inputs in {@code original} ("from creatinine 0.9 mg/dL, height 145 cm, age 14.7 y").
 */
public record Evidence(String source, String file, long line, LocalDate date, String original, String normalised) {
}
