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

    /** An eGFR: reported, or computed with CKiD U25; its date and the evidence behind it. */
    record Egfr(double value, LocalDate date, boolean computed, List<Evidence> evidence, String describe) {
    }

    /**
     * The eGFR the rules use: the more recent of the latest reported eGFR and the one computed
     * from the latest creatinine with CKiD U25 (height within {@code heightWindow} days of the
     * creatinine); on the same date the reported one.
     */
    static Optional<Egfr> egfr(PatientFacts facts, EgfrSource source) {
        Optional<Egfr> reported = facts.latestLab(source.egfrLab()).filter(l -> l.value() != null)
                .map(l -> new Egfr(l.value(), l.date(), false, List.of(l.evidence()), "reported eGFR " + l.shown() + " on " + l.date()));
        Optional<Egfr> computed = computed(facts, source);
        if (reported.isEmpty()) return computed;
        if (computed.isEmpty()) return reported;
        return computed.get().date().isAfter(reported.get().date()) ? computed : reported;
    }

    static Optional<Egfr> computed(PatientFacts facts, EgfrSource source) {
        int heightWindow = source.heightWindow();
        Optional<Lab> creatinine = facts.latestLab(source.creatinineLab()).filter(l -> l.value() != null && l.comparator() == null && l.value() > 0);
        if (creatinine.isEmpty()) return Optional.empty();
        Lab c = creatinine.get();
        Optional<Observation> height = facts.observations(source.heightObservation()).stream()
                .filter(o -> o.value() != null && Math.abs(ChronoUnit.DAYS.between(o.date(), c.date())) <= heightWindow)
                .min(Comparator.comparingLong(o -> Math.abs(ChronoUnit.DAYS.between(o.date(), c.date()))));
        if (height.isEmpty()) return Optional.empty();
        double age = Age.decimalYears(facts.birthDate(), c.date());
        if (age < 1 || age > 25) return Optional.empty();
        boolean female = "F".equals(facts.sex());
        double mgPerDl = c.value() / CkidU25.UMOL_PER_MG_DL;
        double heightM = height.get().value() / 100.0;
        double value = CkidU25.egfr(female, age, heightM, mgPerDl);
        String inputs = "creatinine " + Numbers.format(mgPerDl) + " mg/dL (" + c.shown() + ") on " + c.date() + ", height "
                + Numbers.format(height.get().value()) + " cm on " + height.get().date() + ", age " + Numbers.format(age) + " y, "
                + (female ? "female" : "male");
        Evidence derived = new Evidence(c.evidence().source(), c.evidence().file(), c.evidence().line(), c.date(),
                "CKiD U25 from " + inputs, "eGFR " + Numbers.oneDecimal(value) + " mL/min/1.73m2");
        return Optional.of(new Egfr(value, c.date(), true, List.of(derived, c.evidence(), height.get().evidence()),
                "eGFR " + Numbers.oneDecimal(value) + " mL/min/1.73m2 computed (CKiD U25) from " + inputs));
    }

    /** INC-EGFR: eGFR at or above the minimum: MET; below, or on dialysis: {@code onFail}; none within the window: UNKNOWN. */
    record KidneyFunction(int window, double min, EgfrSource source, String dialysisObservation, Outcome onFail, String failNote) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            Optional<Observation> dialysis = facts.latestObservation(dialysisObservation);
            Optional<Egfr> egfr = egfr(facts, source);
            List<Evidence> evidence = new ArrayList<>();
            egfr.ifPresent(e -> evidence.addAll(e.evidence()));
            dialysis.ifPresent(d -> evidence.add(d.evidence()));
            String note = MeasureChecks.failText(onFail, failNote);
            if (dialysis.isPresent() && "Y".equals(dialysis.get().text())) {
                return new Finding(onFail, "on dialysis (recorded " + dialysis.get().date() + ")" + note, evidence, "investigator's judgement on dialysis");
            }
            if (egfr.isEmpty() || !MeasureRef.within(egfr.get().date(), facts.runDate(), window)) {
                String latest = egfr.map(e -> " (latest " + e.date() + ")").orElse(" (no eGFR, and no creatinine with a height to compute one)");
                return new Finding(Outcome.UNKNOWN, "no eGFR within " + window + " days before " + facts.runDate() + latest, evidence,
                        "creatinine with height, or a reported eGFR, none in the last " + window + " days");
            }
            Egfr e = egfr.get();
            if (e.value() >= min) return new Finding(Outcome.MET, e.describe() + " meets the limit >= " + Numbers.format(min), evidence);
            return new Finding(onFail, e.describe() + " is below the limit of " + Numbers.format(min) + note, evidence, "investigator's judgement on kidney function");
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
            List<Evidence> evidence = new ArrayList<>();
            for (Involvement i : involvement) {
                Optional<MeasureRef.Value> v = i.lab().latest(facts).filter(x -> MeasureRef.within(x.date(), facts.runDate(), window) && x.number() != null);
                if (v.isEmpty()) continue;
                String text = i.name() + " " + v.get().shown() + " on " + v.get().date();
                known.add(text);
                if (i.limit().test(v.get().comparator(), v.get().number()) == Threshold.Result.TRUE) {
                    signs.add(text);
                    evidence.add(v.get().evidence());
                }
            }
            Optional<Egfr> egfr = egfr(facts, source).filter(e -> MeasureRef.within(e.date(), facts.runDate(), window));
            if (egfr.isPresent()) {
                known.add(egfr.get().describe());
                if (egfr.get().value() < egfrBelow) {
                    signs.add(egfr.get().describe() + " (below " + Numbers.format(egfrBelow) + ")");
                    evidence.addAll(egfr.get().evidence());
                }
            }
            facts.diagnoses(d -> d.active() && involvementDiagnoses.matches(d.code())).forEach(d -> {
                signs.add("active " + d.code() + (d.description() == null ? "" : " " + d.description()));
                evidence.add(d.evidence());
            });
            if (signs.isEmpty()) {
                if (known.isEmpty()) {
                    return new Finding(Outcome.UNKNOWN, "renal involvement unknown: no urine protein, urine red cells, dipstick or eGFR within "
                            + window + " days", List.of(), "urine protein (24 h or UPCR), urinalysis and creatinine");
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
