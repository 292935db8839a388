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

    /** The latest value within the window must pass the threshold; outside the limit gives {@code onFail}. */
    record LatestValue(MeasureRef measure, int window, Threshold pass, Outcome onFail, String failNote, Set<String> notApplicableIn) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            if (notApplicableIn.contains(cohort.id())) return Finding.of(Outcome.NOT_APPLICABLE, "does not apply in cohort " + cohort.id());
            Optional<MeasureRef.Value> latest = measure.latest(facts).filter(v -> MeasureRef.within(v.date(), facts.runDate(), window));
            if (latest.isEmpty()) {
                return new Finding(Outcome.UNKNOWN, measure.missing(facts, window), List.of(), measure.toSettle(window));
            }
            MeasureRef.Value v = latest.get();
            String limit = "limit " + pass + " " + Units.display(measure.unit());
            if (v.number() == null) {
                return new Finding(Outcome.UNKNOWN, measure.name() + " " + v.shown() + " on " + v.date() + " cannot be compared with the " + limit,
                        List.of(v.evidence()), measure.toSettle(window));
            }
            return switch (pass.test(v.comparator(), v.number())) {
                case TRUE -> Finding.of(Outcome.MET, measure.name() + " " + v.shown() + " on " + v.date() + " meets the " + limit, v.evidence());
                case FALSE -> new Finding(onFail, measure.name() + " " + v.shown() + " on " + v.date() + " is outside the " + limit
                        + failText(onFail, failNote), List.of(v.evidence()), onFail == Outcome.REVIEW ? "investigator's judgement on " + measure.name() : null);
                case UNDETERMINED -> new Finding(Outcome.UNKNOWN, measure.name() + " " + v.shown() + " on " + v.date()
                        + " cannot be compared with the " + limit, List.of(v.evidence()), "a measured " + measure.name() + " value");
            };
        }
    }

    /**
     * The latest value within the window must be at most N x ULN, ULN being the row's upper
     * reference limit or the trial's default; a higher multiple applies with a given diagnosis.
     */
    record TimesUln(MeasureRef lab, int window, double maxTimes, double defaultUln, CodePatterns altCodes, Double altMaxTimes, String altName,
                    Outcome onFail, String failNote, Set<String> notApplicableIn) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            if (notApplicableIn.contains(cohort.id())) return Finding.of(Outcome.NOT_APPLICABLE, "does not apply in cohort " + cohort.id());
            Optional<MeasureRef.Value> latest = lab.latest(facts).filter(v -> MeasureRef.within(v.date(), facts.runDate(), window));
            if (latest.isEmpty()) return new Finding(Outcome.UNKNOWN, lab.missing(facts, window), List.of(), lab.toSettle(window));
            MeasureRef.Value v = latest.get();
            List<Evidence> evidence = new ArrayList<>(List.of(v.evidence()));
            double limitTimes = maxTimes;
            String because = "";
            if (altCodes != null) {
                Optional<Diagnosis> alt = facts.diagnoses().stream().filter(d -> d.active() && altCodes.matches(d.code())).findFirst();
                if (alt.isPresent()) {
                    limitTimes = altMaxTimes;
                    because = " with " + altName;
                    evidence.add(alt.get().evidence());
                }
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
                case UNDETERMINED -> new Finding(Outcome.UNKNOWN, head + " (censored value cannot be compared)", evidence, "a measured " + lab.name());
            };
        }
    }

    /** Any value within the window that matches (e.g. NYHA >= 3 within 365 days) gives {@code ifFound}; else MET. */
    record AnyValue(MeasureRef measure, int window, Threshold match, Outcome ifFound, String name) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            for (MeasureRef.Value v : measure.values(facts)) {
                if (MeasureRef.within(v.date(), facts.runDate(), window) && v.number() != null && match.holds(v.number())) {
                    return Finding.of(ifFound, name + ": " + measure.name() + " " + v.shown() + " on " + v.date() + " (within " + window + " days)", v.evidence());
                }
            }
            return Finding.of(Outcome.MET, "no " + name + " within " + window + " days");
        }
    }

    /** The latest yes/no observation (e.g. home oxygen): yes gives {@code ifYes}; no or none recorded is MET. */
    record LatestFlag(String code, Outcome ifYes, String name) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            return facts.latestObservation(code)
                    .map(o -> "Y".equals(o.text())
                            ? Finding.of(ifYes, name + " recorded on " + o.date(), o.evidence())
                            : Finding.of(Outcome.MET, "no " + name + " (latest " + o.date() + ")", o.evidence()))
                    .orElse(Finding.of(Outcome.MET, "no " + name + " recorded"));
        }
    }

    /** One measure of {@link AnyLatestAbove}: the latest value compared with a limit. */
    record Limit(MeasureRef lab, Threshold above) {
    }

    /**
     * MET if the latest value of any of the measures (within the window) is beyond its limit;
     * NOT_MET if those known are all within; UNKNOWN if none is known.
     */
    record AnyLatestAbove(int window, List<Limit> limits) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<String> within = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            boolean undetermined = false;
            for (Limit l : limits) {
                Optional<MeasureRef.Value> latest = l.lab().latest(facts).filter(v -> MeasureRef.within(v.date(), facts.runDate(), window));
                if (latest.isEmpty() || latest.get().number() == null) continue;
                MeasureRef.Value v = latest.get();
                evidence.add(v.evidence());
                String text = l.lab().name() + " " + v.shown() + " on " + v.date();
                switch (l.above().test(v.comparator(), v.number())) {
                    case TRUE -> {
                        return Finding.of(Outcome.MET, text + " is " + l.above() + " " + Units.display(l.lab().unit()), v.evidence());
                    }
                    case FALSE -> within.add(text + " is not " + l.above() + " " + Units.display(l.lab().unit()));
                    case UNDETERMINED -> {
                        undetermined = true;
                        within.add(text + " cannot be compared with " + l.above() + " " + Units.display(l.lab().unit()));
                    }
                }
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

    /** Any positive test at any date: MET; tested and all negative: NOT_MET; never tested: UNKNOWN. */
    record Serology(List<SerologyTest> tests) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<Evidence> tested = new ArrayList<>();
            List<String> negatives = new ArrayList<>();
            List<String> undecided = new ArrayList<>();
            for (SerologyTest t : tests) {
                for (Lab l : facts.labs(t.lab().code())) {
                    tested.add(l.evidence());
                    String text = t.lab().name() + " " + l.shown() + " on " + l.date();
                    Boolean positive = positive(t, l);
                    if (Boolean.TRUE.equals(positive)) return Finding.of(Outcome.MET, text + " is positive", l.evidence());
                    if (positive == null) undecided.add(text + " has no reference limit to judge it by");
                    else negatives.add(text);
                }
            }
            String names = String.join(", ", tests.stream().map(t -> t.lab().name()).toList());
            if (tested.isEmpty()) return new Finding(Outcome.UNKNOWN, "never tested for " + names, List.of(), names + " result");
            if (!undecided.isEmpty()) return new Finding(Outcome.UNKNOWN, String.join("; ", undecided), tested, "reference limits of " + names);
            return new Finding(Outcome.NOT_MET, "tested, all negative: " + String.join("; ", negatives), tested);
        }

        private static Boolean positive(SerologyTest t, Lab l) {
            if ("QUALITATIVE".equals(l.form())) return "POS".equals(l.text());
            if ("TITER".equals(l.form())) return t.titerAtLeast() != null && l.value() >= t.titerAtLeast();
            if (l.value() == null) return null;
            if (l.refHigh() == null) return null;
            if (">".equals(l.comparator()) || ">=".equals(l.comparator())) return l.value() >= l.refHigh();
            if ("<".equals(l.comparator()) || "<=".equals(l.comparator())) return l.value() <= l.refHigh() ? Boolean.FALSE : null;
            return l.value() > l.refHigh();
        }
    }
}
