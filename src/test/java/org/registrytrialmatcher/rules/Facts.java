package org.registrytrialmatcher.rules;

import java.time.LocalDate;

import org.registrytrialmatcher.facts.Biopsy;
import org.registrytrialmatcher.facts.Diagnosis;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Lab;
import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.Observation;
import org.registrytrialmatcher.facts.PatientFacts;
import org.registrytrialmatcher.facts.PatientRecord;

/** Builds a child's facts for rule tests, in canonical units, as the staged data would give them. */
final class Facts {
    static final LocalDate RUN = LocalDate.of(2026, 11, 25);

    private final PatientFacts facts;
    private long line = 2;
    private String source = "rheum";

    private Facts(String ref) {
        facts = new PatientFacts(ref, RUN);
    }

    static Facts child(String birth, String sex) {
        Facts f = new Facts("rheum:R1");
        f.facts.records().add(new PatientRecord("rheum", "R1", LocalDate.parse(birth), sex, "Y", f.ev(LocalDate.parse(birth))));
        return f;
    }

    /** A 14-year-old girl with consent. */
    static Facts girl() {
        return child("2012-03-14", "F");
    }

    PatientFacts get() {
        return facts;
    }

    Facts from(String source) {
        this.source = source;
        return this;
    }

    Facts linked(String source, String id, String consent) {
        PatientRecord first = facts.records().get(0);
        facts.records().add(new PatientRecord(source, id, first.birthDate(), first.sex(), consent, ev(first.birthDate())));
        return this;
    }

    Facts consent(String consent) {
        PatientRecord r = facts.records().remove(0);
        facts.records().add(0, new PatientRecord(r.source(), r.patientId(), r.birthDate(), r.sex(), consent, r.evidence()));
        return this;
    }

    Evidence ev(LocalDate date) {
        return new Evidence(source, "test.csv", line++, date, "original", "normalised");
    }

    static LocalDate daysAgo(int days) {
        return RUN.minusDays(days);
    }

    Facts lab(String analyte, int daysAgo, double value, String unit) {
        return lab(analyte, daysAgo, null, value, unit, null, null);
    }

    Facts lab(String analyte, int daysAgo, String comparator, double value, String unit, Double refLow, Double refHigh) {
        LocalDate d = daysAgo(daysAgo);
        facts.labs().add(new Lab(analyte, d, "QUANTITY", comparator, value, null, unit, refLow, refHigh, ev(d)));
        return this;
    }

    /** A lab as the registry wrote it ({@code reported}, e.g. "<40 mL/min/1.73m2"), in canonical units. */
    Facts labReported(String analyte, int daysAgo, String comparator, double value, String unit, Double refHigh, String reported) {
        LocalDate d = daysAgo(daysAgo);
        facts.labs().add(new Lab(analyte, d, "QUANTITY", comparator, value, null, unit, null, refHigh,
                new Evidence(source, "test.csv", line++, d, reported, "normalised")));
        return this;
    }

    Facts text(String analyte, int daysAgo, String form, Double value, String text) {
        LocalDate d = daysAgo(daysAgo);
        facts.labs().add(new Lab(analyte, d, form, null, value, text, null, null, null, ev(d)));
        return this;
    }

    Facts obs(String code, int daysAgo, double value, String unit) {
        LocalDate d = daysAgo(daysAgo);
        facts.observations().add(new Observation(code, d, "QUANTITY", value, null, unit, ev(d)));
        return this;
    }

    Facts flag(String code, int daysAgo, String yn) {
        LocalDate d = daysAgo(daysAgo);
        facts.observations().add(new Observation(code, d, "YESNO", null, yn, null, ev(d)));
        return this;
    }

    Facts nyha(int daysAgo, int cls) {
        LocalDate d = daysAgo(daysAgo);
        facts.observations().add(new Observation("NYHA", d, "ROMAN", (double) cls, "I".repeat(cls), null, ev(d)));
        return this;
    }

    Facts dx(String code, String classification) {
        LocalDate d = daysAgo(400);
        facts.diagnoses().add(new Diagnosis(code, "diagnosis " + code, d, true, null, classification, ev(d)));
        return this;
    }

    Facts dx(String code) {
        return dx(code, null);
    }

    Facts dxOnset(String code, int onsetDaysAgo) {
        LocalDate d = daysAgo(onsetDaysAgo);
        facts.diagnoses().add(new Diagnosis(code, "diagnosis " + code, d, true, null, null, ev(d)));
        return this;
    }

    Facts resolvedOn(String code, LocalDate onset, LocalDate end) {
        facts.diagnoses().add(new Diagnosis(code, "diagnosis " + code, onset, false, end, null, ev(onset)));
        return this;
    }

    Facts resolved(String code, Integer resolvedDaysAgo) {
        LocalDate onset = daysAgo(5000);
        LocalDate end = resolvedDaysAgo == null ? null : daysAgo(resolvedDaysAgo);
        facts.diagnoses().add(new Diagnosis(code, "diagnosis " + code, onset, false, end, null, ev(onset)));
        return this;
    }

    Facts med(String name, String atc, Double dose, String unit, Double perDay, int startDaysAgo, Integer stopDaysAgo, String stopReason) {
        LocalDate start = daysAgo(startDaysAgo);
        LocalDate stop = stopDaysAgo == null ? null : daysAgo(stopDaysAgo);
        facts.medications().add(new Medication(name, atc, dose, unit, perDay, start, stop, stopReason, ev(start)));
        return this;
    }

    /** A single infusion on one day (no doses per day, stop = start). */
    Facts infusion(String name, String atc, int daysAgo) {
        return med(name, atc, 375.0, "mg/m2", null, daysAgo, daysAgo, "COMPLETED");
    }

    Facts biopsy(int daysAgo, String organ, String diagnosis, String isnClass, Double crescents) {
        LocalDate d = daysAgo(daysAgo);
        facts.biopsies().add(new Biopsy(d, organ, diagnosis, isnClass, crescents, ev(d)));
        return this;
    }
}
