package org.registrytrialmatcher.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.registrytrialmatcher.facts.Diagnosis;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Lab;
import org.registrytrialmatcher.facts.Numbers;
import org.registrytrialmatcher.facts.Observation;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.facts.PatientFacts;
import org.registrytrialmatcher.facts.Units;

/** Rule kinds about measured values: latest value against a limit, x ULN, any value in a window, flags, doubling, serology. */
final class MeasureChecks {
    private MeasureChecks() {
    }

    static String failText(Outcome onFail, String failNote) {
        return onFail == Outcome.REVIEW && failNote != null ? "; " + failNote : "";
    }

    /** The reason of a censored value that falls on both sides of a limit, quoting the value as reported. */
    static String undecided(MeasureRef measure, MeasureRef.Value v, String limit) {
        return measure.name() + " " + v.shown() + " on " + v.date() + MeasureRef.reportedAs(v) + " is censored and decides nothing against the " + limit;
    }

    /**
     * The latest value within the window must pass the threshold; outside the limit gives
     * {@code onFail}. Several values on the latest date are each judged; the worst stands.
     */
    record LatestValue(MeasureRef measure, int window, Threshold pass, Outcome onFail, String failNote, Set<String> notApplicableIn) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            if (notApplicableIn.contains(cohort.id())) return Finding.of(Outcome.NOT_APPLICABLE, "does not apply in cohort " + cohort.id());
            List<MeasureRef.Value> latest = measure.latestValues(facts, window);
            if (latest.isEmpty()) {
                return new Finding(Outcome.UNKNOWN, measure.missing(facts, window), List.of(), measure.toSettle(window));
            }
            List<Finding> judged = new ArrayList<>();
            for (MeasureRef.Value v : latest) judged.add(judge(v));
            return Finding.combine(judged);
        }

        private Finding judge(MeasureRef.Value v) {
            String limit = "limit " + pass + " " + Units.display(measure.unit());
            if (v.number() == null) {
                return new Finding(Outcome.UNKNOWN, measure.name() + " " + v.shown() + " on " + v.date() + " cannot be compared with the " + limit,
                        List.of(v.evidence()), measure.toSettle(window));
            }
            return switch (pass.test(v.comparator(), v.number())) {
                case TRUE -> Finding.of(Outcome.MET, measure.name() + " " + v.shown() + " on " + v.date() + " meets the " + limit, v.evidence());
                case FALSE -> new Finding(onFail, measure.name() + " " + v.shown() + " on " + v.date() + " is outside the " + limit
                        + failText(onFail, failNote), List.of(v.evidence()), onFail == Outcome.REVIEW ? "investigator's judgement on " + measure.name() : null);
                case UNDETERMINED -> new Finding(Outcome.UNKNOWN, undecided(measure, v, limit), List.of(v.evidence()), "a measured " + measure.name() + " value");
            };
        }
    }

    /**
     * The latest value within the window must be at most N x ULN, ULN being the row's upper
     * reference limit or the trial's default; a higher multiple applies with a given diagnosis.
     * Several values on the latest date are each judged; the worst stands.
     */
    record TimesUln(MeasureRef lab, int window, double maxTimes, double defaultUln, CodePatterns altCodes, Double altMaxTimes, String altName,
                    Outcome onFail, String failNote, Set<String> notApplicableIn) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            if (notApplicableIn.contains(cohort.id())) return Finding.of(Outcome.NOT_APPLICABLE, "does not apply in cohort " + cohort.id());
            List<MeasureRef.Value> latest = lab.latestValues(facts, window);
            if (latest.isEmpty()) return new Finding(Outcome.UNKNOWN, lab.missing(facts, window), List.of(), lab.toSettle(window));
            Optional<Diagnosis> alt = altCodes == null ? Optional.empty()
                    : facts.diagnoses().stream().filter(d -> d.active() && altCodes.matches(d.code())).findFirst();
            List<Finding> judged = new ArrayList<>();
            for (MeasureRef.Value v : latest) judged.add(judge(v, alt));
            return Finding.combine(judged);
        }

        private Finding judge(MeasureRef.Value v, Optional<Diagnosis> alt) {
            List<Evidence> evidence = new ArrayList<>(List.of(v.evidence()));
            double limitTimes = maxTimes;
            String because = "";
            if (alt.isPresent()) {
                limitTimes = altMaxTimes;
                because = " with " + altName;
                evidence.add(alt.get().evidence());
            }
            if (v.number() == null) {
                return new Finding(Outcome.UNKNOWN, lab.name() + " " + v.shown() + " on " + v.date() + " cannot be compared with "
                        + Numbers.format(limitTimes) + " x ULN", evidence, "a measured " + lab.name());
            }
            boolean rowUln = v.refHigh() != null && v.refHigh() > 0;
            double uln = rowUln ? v.refHigh() : defaultUln;
            String unit = Units.display(lab.unit());
            double times = v.number() / uln;
            String ulnText = "ULN " + Numbers.format(uln) + " " + unit + (rowUln ? "" : ", the trial's default");
            String head = lab.name() + " " + v.shown() + " on " + v.date() + " is " + (v.comparator() == null ? "" : v.comparator())
                    + Numbers.oneDecimal(times) + " x ULN (" + ulnText + "); limit " + Numbers.format(limitTimes) + " x ULN" + because;
            Threshold t = new Threshold("<=", limitTimes * uln);
            return switch (t.test(v.comparator(), v.number())) {
                case TRUE -> new Finding(Outcome.MET, head, evidence);
                case FALSE -> new Finding(onFail, head + failText(onFail, failNote), evidence,
                        onFail == Outcome.REVIEW ? "investigator's judgement on " + lab.name() : null);
                case UNDETERMINED -> new Finding(Outcome.UNKNOWN, head + MeasureRef.reportedAs(v) + ": censored, it decides nothing", evidence,
                        "a measured " + lab.name());
            };
        }
    }

    /** Any value within the window that matches (e.g. NYHA >= 3 within 365 days) gives {@code ifFound}; else MET. */
    record AnyValue(MeasureRef measure, int window, Threshold match, Outcome ifFound, String name) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            for (MeasureRef.Value v : measure.values(facts)) {
                if (MeasureRef.within(v.date(), facts.runDate(), window) && v.number() != null
                        && match.test(v.comparator(), v.number()) == Threshold.Result.TRUE) {
                    return Finding.of(ifFound, name + ": " + measure.name() + " " + v.shown() + " on " + v.date() + " (within " + window + " days)", v.evidence());
                }
            }
            return Finding.of(Outcome.MET, "no " + name + " within " + window + " days");
        }
    }

    /** The latest yes/no observation (e.g. home oxygen): yes (on any record of the latest date) gives {@code ifYes}; no or none recorded is MET. */
    record LatestFlag(String code, Outcome ifYes, String name) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<Observation> latest = facts.latestObservations(code);
            if (latest.isEmpty()) return Finding.of(Outcome.MET, "no " + name + " recorded");
            Optional<Observation> yes = latest.stream().filter(o -> "Y".equals(o.text())).findFirst();
            if (yes.isPresent()) return Finding.of(ifYes, name + " recorded on " + yes.get().date(), yes.get().evidence());
            return Finding.of(Outcome.MET, "no " + name + " (latest " + latest.get(0).date() + ")", latest.stream().map(Observation::evidence).toArray(Evidence[]::new));
        }
    }

    /** One measure of {@link AnyLatestAbove}: the latest value compared with a limit. */
    record Limit(MeasureRef lab, Threshold above) {
    }

    /**
     * MET if the latest value of any of the measures (within the window) is beyond its limit;
     * NOT_MET if those known are all within; UNKNOWN if none is known or a censored value
     * decides nothing. Several values of a measure on its latest date are each judged: the
     * measure is beyond its limit only if every one of them is.
     */
    record AnyLatestAbove(int window, List<Limit> limits) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<String> within = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            boolean undetermined = false;
            for (Limit l : limits) {
                List<MeasureRef.Value> latest = l.lab().latestValues(facts, window).stream().filter(v -> v.number() != null).toList();
                if (latest.isEmpty()) continue;
                String unit = Units.display(l.lab().unit());
                List<String> beyond = new ArrayList<>();
                List<Evidence> beyondEvidence = new ArrayList<>();
                boolean measureWithin = false;
                boolean measureUndetermined = false;
                List<String> texts = new ArrayList<>();
                for (MeasureRef.Value v : latest) {
                    evidence.add(v.evidence());
                    String text = l.lab().name() + " " + v.shown() + " on " + v.date();
                    switch (l.above().test(v.comparator(), v.number())) {
                        case TRUE -> {
                            beyond.add(text + " is " + l.above() + " " + unit);
                            beyondEvidence.add(v.evidence());
                        }
                        case FALSE -> {
                            measureWithin = true;
                            texts.add(text + " is not " + l.above() + " " + unit);
                        }
                        case UNDETERMINED -> {
                            measureUndetermined = true;
                            texts.add(undecided(l.lab(), v, "limit " + l.above() + " " + unit));
                        }
                    }
                }
                if (!measureWithin && !measureUndetermined) {
                    return new Finding(Outcome.MET, String.join("; ", beyond), List.copyOf(beyondEvidence));
                }
                if (!measureWithin) undetermined = true;
                within.addAll(beyond);
                within.addAll(texts);
            }
            if (evidence.isEmpty()) {
                String names = String.join(" or ", limits.stream().map(l -> l.lab().name()).toList());
                return new Finding(Outcome.UNKNOWN, "no " + names + " within " + window + " days before " + facts.runDate(), List.of(),
                        names + ", none in the last " + window + " days");
            }
            return new Finding(undetermined ? Outcome.UNKNOWN : Outcome.NOT_MET, String.join("; ", within), evidence);
        }
    }

    /** Serum creatinine at least doubled between two results no more than N days apart, both within the window. */
    record LabDoubling(MeasureRef lab, int withinDays, int window, Outcome ifFound) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<MeasureRef.Value> values = lab.values(facts).stream()
                    .filter(v -> v.number() != null && v.comparator() == null && MeasureRef.within(v.date(), facts.runDate(), window)).toList();
            for (MeasureRef.Value later : values) {
                for (MeasureRef.Value earlier : values) {
                    if (!earlier.date().isBefore(later.date())) continue;
                    if (earlier.date().plusDays(withinDays).isBefore(later.date())) continue;
                    if (later.number() >= 2 * earlier.number()) {
                        return Finding.of(ifFound, lab.name() + " rose from " + earlier.shown() + " on " + earlier.date() + " to " + later.shown()
                                + " on " + later.date() + " (at least doubled within " + withinDays + " days)", earlier.evidence(), later.evidence());
                    }
                }
            }
            return Finding.of(Outcome.MET, "no doubling of " + lab.name() + " within " + withinDays + " days in the last " + window + " days");
        }
    }

    /** One test of {@link Serology}: positive if POS, a titer at least N, or a number above the row's upper reference limit. */
    record SerologyTest(MeasureRef lab, Integer titerAtLeast) {
    }

    /**
     * Any positive test at any date: MET; tested and all negative: NOT_MET; never tested:
     * UNKNOWN. A number without an upper reference limit cannot be called positive or negative:
     * it is cited and ignored; a censored number on both sides of the limit decides nothing and
     * leaves the rule UNKNOWN unless another test is positive.
     */
    record Serology(List<SerologyTest> tests) implements Check {
        private enum Call { POSITIVE, NEGATIVE, NO_LIMIT, UNDECIDED }

        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<Evidence> tested = new ArrayList<>();
            List<String> negatives = new ArrayList<>();
            List<String> ignored = new ArrayList<>();
            List<String> undecided = new ArrayList<>();
            for (SerologyTest t : tests) {
                for (Lab l : facts.labs(t.lab().code())) {
                    tested.add(l.evidence());
                    String text = t.lab().name() + " " + l.shown() + " on " + l.date();
                    switch (call(t, l)) {
                        case POSITIVE -> {
                            return Finding.of(Outcome.MET, text + " is positive", l.evidence());
                        }
                        case NEGATIVE -> negatives.add(text);
                        case NO_LIMIT -> ignored.add(text);
                        case UNDECIDED -> undecided.add(text + " is censored and decides nothing against its upper reference limit "
                                + Numbers.format(l.refHigh()));
                    }
                }
            }
            String names = String.join(", ", tests.stream().map(t -> t.lab().name()).toList());
            String ignoredText = ignored.isEmpty() ? "" : "; not judged, no reference limit: " + String.join("; ", ignored);
            if (tested.isEmpty()) return new Finding(Outcome.UNKNOWN, "never tested for " + names, List.of(), names + " result");
            if (!undecided.isEmpty()) {
                return new Finding(Outcome.UNKNOWN, String.join("; ", undecided) + ignoredText, tested, "a measured " + names + " result");
            }
            if (negatives.isEmpty()) {
                return new Finding(Outcome.UNKNOWN, "no result that can be judged" + ignoredText, tested, names + " result with its reference limit");
            }
            return new Finding(Outcome.NOT_MET, "tested, all negative: " + String.join("; ", negatives) + ignoredText, tested);
        }

        private static Call call(SerologyTest t, Lab l) {
            if ("QUALITATIVE".equals(l.form())) return "POS".equals(l.text()) ? Call.POSITIVE : Call.NEGATIVE;
            if ("TITER".equals(l.form())) return t.titerAtLeast() != null && l.value() >= t.titerAtLeast() ? Call.POSITIVE : Call.NEGATIVE;
            if (l.value() == null || l.refHigh() == null) return Call.NO_LIMIT;
            return switch (new Threshold(">", l.refHigh()).test(l.comparator(), l.value())) {
                case TRUE -> Call.POSITIVE;
                case FALSE -> Call.NEGATIVE;
                case UNDETERMINED -> Call.UNDECIDED;
            };
        }
    }
}
