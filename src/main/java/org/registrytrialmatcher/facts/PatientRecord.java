package org.registrytrialmatcher.facts;

import java.time.LocalDate;

/** One registry's record of the child: source, ID, birth date, sex (F/M), recontact consent (Y/N/null), provenance. */
public record PatientRecord(String source, String patientId, LocalDate birthDate, String sex, String consent, Evidence evidence) {
    public String sourceId() {
        return source + ":" + patientId;
    }
}
