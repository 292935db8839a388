package org.registrytrialmatcher.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything the registries say about one child, from every linked source: the records of
 * the child in each registry (first source first), diagnoses, labs, medications, observations
 * and biopsies. Assembled per patient while streaming; held for one patient at a time.
 */
public final class PatientFacts {
    /** Newest first; on the same date the first source given, then the later line. */
    private static final Comparator<Evidence> NEWEST_FIRST = Comparator.comparing(Evidence::date, Comparator.nullsLast(Comparator.reverseOrder()));

    private final String patientRef;
    private final LocalDate runDate;
    private final List<PatientRecord> records = new ArrayList<>();
    private final List<Diagnosis> diagnoses = new ArrayList<>();
    private final List<Lab> labs = new ArrayList<>();
    private final List<Medication> medications = new ArrayList<>();
    private final List<Observation> observations = new ArrayList<>();
    private final List<Biopsy> biopsies = new ArrayList<>();

    public PatientFacts(String patientRef, LocalDate runDate) {
        this.patientRef = patientRef;
        this.runDate = runDate;
    }

    public String patientRef() { return patientRef; }

    public LocalDate runDate() { return runDate; }

    public List<PatientRecord> records() { return records; }

    public List<Diagnosis> diagnoses() { return diagnoses; }

    public List<Lab> labs() { return labs; }

    public List<Medication> medications() { return medications; }

    public List<Observation> observations() { return observations; }

    public List<Biopsy> biopsies() { return biopsies; }

    public List<String> sourceIds() {
        return records.stream().map(PatientRecord::sourceId).toList();
    }

    public LocalDate birthDate() {
        return records.get(0).birthDate();
    }

    public String sex() {
        return records.get(0).sex();
    }

    /** Labs of an analyte, newest first. */
    public List<Lab> labs(String analyte) {
        return labs.stream().filter(l -> l.analyte().equals(analyte))
                .sorted(Comparator.comparing(Lab::evidence, NEWEST_FIRST)).toList();
    }

    /** The latest lab of an analyte dated on or before the run date (any age), if any. */
    public Optional<Lab> latestLab(String analyte) {
        return labs(analyte).stream().filter(l -> !l.date().isAfter(runDate)).findFirst();
    }

    public List<Observation> observations(String code) {
        return observations.stream().filter(o -> o.code().equals(code))
                .sorted(Comparator.comparing(Observation::evidence, NEWEST_FIRST)).toList();
    }

    public Optional<Observation> latestObservation(String code) {
        return observations(code).stream().filter(o -> !o.date().isAfter(runDate)).findFirst();
    }

    /** Every observation of a code on its latest date on or before the run date (first source, then line). */
    public List<Observation> latestObservations(String code) {
        return onLatestDate(observations(code), Observation::date);
    }

    /** Every lab of an analyte on its latest date on or before the run date (first source, then line). */
    public List<Lab> latestLabs(String analyte) {
        return onLatestDate(labs(analyte), Lab::date);
    }

    /** Of values newest first, those on the latest date on or before the run date. */
    public <T> List<T> onLatestDate(List<T> newestFirst, java.util.function.Function<T, LocalDate> date) {
        List<T> latest = new ArrayList<>();
        for (T value : newestFirst) {
            LocalDate d = date.apply(value);
            if (d.isAfter(runDate)) continue;
            if (!latest.isEmpty() && !d.equals(date.apply(latest.get(0)))) break;
            latest.add(value);
        }
        return latest;
    }

    /** The latest observation of a code dated on or before {@code date} and no more than {@code days} before it. */
    public Optional<Observation> latestObservationBefore(String code, LocalDate date, int days) {
        return observations(code).stream()
                .filter(o -> !o.date().isAfter(date) && !o.date().isBefore(date.minusDays(days))).findFirst();
    }

    public List<Diagnosis> diagnoses(Predicate<Diagnosis> which) {
        return diagnoses.stream().filter(which).toList();
    }

    public List<Biopsy> biopsiesNewestFirst() {
        return biopsies.stream().sorted(Comparator.comparing(Biopsy::evidence, NEWEST_FIRST)).toList();
    }

    /** "Medication data missing": no medication record in any source. */
    public boolean hasMedicationData() {
        return !medications.isEmpty();
    }
}
