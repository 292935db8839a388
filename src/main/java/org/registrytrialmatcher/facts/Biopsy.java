package org.registrytrialmatcher.facts;

import java.time.LocalDate;

/** A biopsy: date, organ (KIDNEY, MUSCLE, SKIN), diagnosis text, ISN/RPS class, crescents %, provenance. */
public record Biopsy(LocalDate date, String organ, String diagnosis, String isnClass, Double crescentsPct, Evidence evidence) {
}
