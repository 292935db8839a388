package org.registrytrialmatcher.facts;

import java.time.LocalDate;

/** A diagnosis: ICD-10 code, onset, whether it is active, when it resolved, the classification text, provenance. */
public record Diagnosis(String code, String description, LocalDate onset, boolean active, LocalDate resolved,
                        String classification, Evidence evidence) {
}
