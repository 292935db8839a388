package org.registrytrialmatcher.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.registrytrialmatcher.derive.Age;
import org.registrytrialmatcher.derive.CkidU25;
import org.registrytrialmatcher.facts.Biopsy;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Lab;
import org.registrytrialmatcher.facts.Numbers;
import org.registrytrialmatcher.facts.Observation;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.facts.PatientFacts;

/** Rule kinds about kidney function and lupus nephritis. */
final class KidneyChecks {
    private KidneyChecks() {
    }

    /**
     * Where an eGFR comes from, as the trial definition names it: the reported eGFR analyte, the
     * creatinine analyte and the height observation for CKiD U25, and how far the height may be
     * from the creatinine.
     */
    record EgfrSource(String egfrLab, String creatinineLab, String heightObservation, int heightWindow) {
    }

    /** An eGFR: reported (possibly censored), or computed with CKiD U25; its date and the evidence behind it. */
    record Egfr(double value, String comparator, LocalDate date, boolean computed, List<Evidence> evidence, String describe) {
    }

    /**
     * The eGFRs the rules use, all of one date: the more recent of the latest reported eGFRs and
     * those computed from the latest creatinine with CKiD U25; on the same date the reported
     * ones. Several values on that date are each judged by the rules.
     */
    static List<Egfr> egfrs(PatientFacts facts, EgfrSource source) {
        List<Egfr> reported = new ArrayList<>();
        for (Lab l : facts.latestLabs(source.egfrLab())) {
            if (l.value() == null) continue;
            reported.add(new Egfr(l.value(), l.comparator(), l.date(), false, List.of(l.evidence()), "reported eGFR " + l.shown() + " on " + l.date()));
        }
        List<Egfr> computed = computed(facts, source);
        if (reported.isEmpty()) return computed;
        if (computed.isEmpty()) return reported;
        return computed.get(0).date().isAfter(reported.get(0).date()) ? computed : reported;
    }

    /**
     * CKiD U25 eGFRs from the creatinines of the latest creatinine date (uncensored), each with
     * the height dated closest to it, before or after, at most {@code heightWindow} days apart
     * (on a tie the earlier), and the decimal age at the creatinine's date (days / 365.25).
     */
    static List<Egfr> computed(PatientFacts facts, EgfrSource source) {
        List<Egfr> result = new ArrayList<>();
        for (Lab c : facts.latestLabs(source.creatinineLab())) {
            if (c.value() == null || c.comparator() != null || c.value() <= 0) continue;
            Optional<Observation> height = closestHeight(facts, source, c.date());
            if (height.isEmpty()) continue;
            double age = Age.decimalYears(facts.birthDate(), c.date());
            if (age < 1 || age > 25) continue;
            boolean female = "F".equals(facts.sex());
            double mgPerDl = c.value() / CkidU25.UMOL_PER_MG_DL;
            double heightM = height.get().value() / 100.0;
            double value = CkidU25.egfr(female, age, heightM, mgPerDl);
            String inputs = "creatinine " + Numbers.format(mgPerDl) + " mg/dL (" + c.shown() + ") on " + c.date() + ", height "
                    + Numbers.format(height.get().value()) + " cm on " + height.get().date() + ", age " + Numbers.format(age) + " y, "
                    + (female ? "female" : "male");
            Evidence derived = new Evidence(c.evidence().source(), c.evidence().file(), c.evidence().line(), c.date(),
                    "CKiD U25 from " + inputs, "eGFR " + Numbers.oneDecimal(value) + " mL/min/1.73m2");
            result.add(new Egfr(value, null, c.date(), true, List.of(derived, c.evidence(), height.get().evidence()),
                    "eGFR " + Numbers.oneDecimal(value) + " mL/min/1.73m2 computed (CKiD U25) from " + inputs));
        }
        return result;
    }

    private static Optional<Observation> closestHeight(PatientFacts facts, EgfrSource source, LocalDate date) {
        Observation best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Observation o : facts.observations(source.heightObservation())) {
            if (o.value() == null) continue;
            long distance = Math.abs(ChronoUnit.DAYS.between(o.date(), date));
            if (distance > source.heightWindow()) continue;
            if (distance < bestDistance || distance == bestDistance && o.date().isBefore(best.date())) {
                best = o;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * INC-EGFR: eGFR at or above the minimum: MET; below, or on dialysis: {@code onFail}; none
     * within the window, or a censored eGFR on both sides of the minimum: UNKNOWN.
     */
    record KidneyFunction(int window, double min, EgfrSource source, String dialysisObservation, Outcome onFail, String failNote) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<Observation> dialysis = facts.latestObservations(dialysisObservation);
            List<Egfr> egfrs = egfrs(facts, source);
            List<Evidence> evidence = new ArrayList<>();
            egfrs.forEach(e -> evidence.addAll(e.evidence()));
            dialysis.forEach(d -> evidence.add(d.evidence()));
            String note = MeasureChecks.failText(onFail, failNote);
            Optional<Observation> onDialysis = dialysis.stream().filter(d -> "Y".equals(d.text())).findFirst();
            if (onDialysis.isPresent()) {
                return new Finding(onFail, "on dialysis (recorded " + onDialysis.get().date() + ")" + note, evidence, "investigator's judgement on dialysis");
            }
            if (egfrs.isEmpty() || !MeasureRef.within(egfrs.get(0).date(), facts.runDate(), window)) {
                String latest = egfrs.isEmpty() ? " (no eGFR, and no creatinine with a height to compute one)" : " (latest " + egfrs.get(0).date() + ")";
                return new Finding(Outcome.UNKNOWN, "no eGFR within " + window + " days before " + facts.runDate() + latest, evidence,
                        "creatinine with height, or a reported eGFR, none in the last " + window + " days");
            }
            List<Finding> judged = new ArrayList<>();
            Threshold atLeast = new Threshold(">=", min);
            for (Egfr e : egfrs) {
                judged.add(switch (atLeast.test(e.comparator(), e.value())) {
                    case TRUE -> new Finding(Outcome.MET, e.describe() + " meets the limit >= " + Numbers.format(min), List.of());
                    case FALSE -> new Finding(onFail, e.describe() + " is below the limit of " + Numbers.format(min) + note, List.of(),
                            "investigator's judgement on kidney function");
                    case UNDETERMINED -> new Finding(Outcome.UNKNOWN, e.describe() + " is censored and decides nothing against the limit >= "
                            + Numbers.format(min), List.of(), "a measured eGFR or creatinine with height");
                });
            }
            Finding worst = Finding.combine(judged);
            return new Finding(worst.outcome(), worst.reason(), evidence, worst.toSettle());
        }
    }

    /** One measure of renal involvement: the latest value beyond a limit. */
    record Involvement(MeasureRef lab, Threshold limit, String name) {
    }

    /**
     * SLE-LN-BIOPSY: with renal involvement, the latest kidney biopsy within the biopsy window
     * must show one of the classes; without involvement (but something known): NOT_APPLICABLE.
     */
    record LupusNephritisBiopsy(List<Involvement> involvement, double egfrBelow, CodePatterns involvementDiagnoses, int window,
                                int biopsyWindow, List<String> classes, EgfrSource source) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<String> signs = new ArrayList<>();
            List<String> known = new ArrayList<>();
            List<String> undecided = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            for (Involvement i : involvement) {
                for (MeasureRef.Value v : i.lab().latestValues(facts, window)) {
                    if (v.number() == null) continue;
                    String text = i.name() + " " + v.shown() + " on " + v.date();
                    switch (i.limit().test(v.comparator(), v.number())) {
                        case TRUE -> {
                            known.add(text);
                            signs.add(text);
                            evidence.add(v.evidence());
                        }
                        case FALSE -> known.add(text);
                        case UNDETERMINED -> undecided.add(text + MeasureRef.reportedAs(v) + " decides nothing against " + i.limit());
                    }
                }
            }
            List<Egfr> egfrs = egfrs(facts, source);
            if (!egfrs.isEmpty() && MeasureRef.within(egfrs.get(0).date(), facts.runDate(), window)) {
                Threshold below = new Threshold("<", egfrBelow);
                for (Egfr e : egfrs) {
                    switch (below.test(e.comparator(), e.value())) {
                        case TRUE -> {
                            known.add(e.describe());
                            signs.add(e.describe() + " (below " + Numbers.format(egfrBelow) + ")");
                            evidence.addAll(e.evidence());
                        }
                        case FALSE -> known.add(e.describe());
                        case UNDETERMINED -> undecided.add(e.describe() + " decides nothing against " + below);
                    }
                }
            }
            facts.diagnoses(d -> d.active() && involvementDiagnoses.matches(d.code())).forEach(d -> {
                signs.add("active " + d.code() + (d.description() == null ? "" : " " + d.description()));
                evidence.add(d.evidence());
            });
            if (signs.isEmpty()) {
                if (known.isEmpty()) {
                    return new Finding(Outcome.UNKNOWN, "renal involvement unknown: no urine protein, urine red cells, dipstick or eGFR within "
                            + window + " days" + (undecided.isEmpty() ? "" : " that decides it (" + String.join("; ", undecided) + ")"), List.of(),
                            "urine protein (24 h or UPCR), urinalysis and creatinine");
                }
                return Finding.of(Outcome.NOT_APPLICABLE, "no renal involvement: " + String.join("; ", known));
            }
            String involved = "renal involvement (" + String.join("; ", signs) + ")";
            Optional<Biopsy> biopsy = facts.biopsiesNewestFirst().stream()
                    .filter(b -> "KIDNEY".equals(b.organ()) && MeasureRef.within(b.date(), facts.runDate(), biopsyWindow)).findFirst();
            if (biopsy.isEmpty()) {
                return new Finding(Outcome.UNKNOWN, involved + " but no kidney biopsy within " + biopsyWindow + " days", evidence,
                        "kidney biopsy (ISN/RPS class), none in the last " + biopsyWindow + " days");
            }
            Biopsy b = biopsy.get();
            evidence.add(b.evidence());
            if (b.isnClass() == null) {
                return new Finding(Outcome.UNKNOWN, involved + "; kidney biopsy of " + b.date() + " has no ISN/RPS class", evidence,
                        "ISN/RPS class of the kidney biopsy of " + b.date());
            }
            List<String> parts = List.of(b.isnClass().split("\\+"));
            if (parts.stream().anyMatch(classes::contains)) {
                return new Finding(Outcome.MET, involved + "; kidney biopsy of " + b.date() + " shows class " + b.isnClass(), evidence);
            }
            return new Finding(Outcome.NOT_MET, involved + "; kidney biopsy of " + b.date() + " shows class " + b.isnClass()
                    + ", not " + String.join(", ", classes), evidence);
        }
    }
}
