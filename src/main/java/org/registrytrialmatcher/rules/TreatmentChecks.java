package org.registrytrialmatcher.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.registrytrialmatcher.derive.DailyDose;
import org.registrytrialmatcher.derive.Exposure;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Lab;
import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.Numbers;
import org.registrytrialmatcher.facts.Observation;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.facts.PatientFacts;

/** Rule kinds about treatment history: prior B-cell therapy, and the refractoriness terms composed with anyOf/allOf. */
final class TreatmentChecks {
    static final int WEIGHT_WINDOW = 365;

    private TreatmentChecks() {
    }

    static Optional<Observation> weightFor(PatientFacts facts, LocalDate date) {
        return facts.latestObservationBefore("WEIGHT", date, WEIGHT_WINDOW);
    }

    /** One washout group of {@link BCellTherapy}. */
    record Washout(DrugClass drugs, int days, String name) {
    }

    /**
     * EXC-BCELL: washouts from the last exposure, then B-cell recovery; other B-cell therapies
     * need approval. The recovery count is the latest dated after the last exposure and on or
     * before the run date, whatever its age; several counts on that date are each judged and
     * the worst outcome stands.
     */
    record BCellTherapy(List<Washout> washouts, String recoveryLab, double defaultLln, DrugClass needsApproval, Outcome approvalOutcome,
                        String approvalName) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<Finding> findings = new ArrayList<>();
            LocalDate runDate = facts.runDate();
            for (Washout w : washouts) {
                Predicate<Medication> singleInfusion = w.drugs().singleInfusion();
                for (Medication m : w.drugs().records(facts)) {
                    LocalDate last = Exposure.lastExposure(m, runDate, singleInfusion.test(m));
                    long since = ChronoUnit.DAYS.between(last, runDate);
                    String head = w.name() + " " + m.label() + ", last exposure " + last + " (" + since + " days before " + runDate + ")";
                    if (since < w.days()) {
                        findings.add(Finding.of(Outcome.NOT_MET, head + ": under " + w.days() + " days", m.evidence()));
                        continue;
                    }
                    List<Lab> counts = facts.labs(recoveryLab).stream()
                            .filter(l -> l.date().isAfter(last) && !l.date().isAfter(runDate) && l.value() != null).toList();
                    if (counts.isEmpty()) {
                        findings.add(new Finding(Outcome.UNKNOWN, head + ": no CD19+ B-cell count after it", List.of(m.evidence()),
                                "CD19+ B-cell count after " + last));
                        continue;
                    }
                    LocalDate latest = counts.get(0).date();
                    List<Finding> judged = new ArrayList<>();
                    for (Lab l : counts) {
                        if (l.date().equals(latest)) judged.add(recovery(head, m, l));
                    }
                    findings.add(Finding.combine(judged));
                }
            }
            for (Medication m : needsApproval.records(facts)) {
                findings.add(new Finding(approvalOutcome, approvalName + " " + m.label() + " from " + m.start() + ": needs sponsor approval",
                        List.of(m.evidence()), "sponsor approval for prior " + m.label()));
            }
            if (findings.isEmpty()) return Finding.of(Outcome.MET, "no prior B-cell or antibody-secreting-cell therapy recorded");
            return Finding.combine(findings);
        }

        private Finding recovery(String head, Medication m, Lab l) {
            double lln = l.refLow() != null ? l.refLow() : defaultLln;
            String count = "CD19+ B cells " + l.shown() + " on " + l.date() + " vs LLN " + Numbers.format(lln) + " /uL"
                    + (l.refLow() != null ? "" : " (the trial's default)");
            Threshold.Result r = new Threshold(">", lln).test(l.comparator(), l.value());
            Outcome o = r == Threshold.Result.TRUE ? Outcome.MET : r == Threshold.Result.FALSE ? Outcome.NOT_MET : Outcome.UNKNOWN;
            return new Finding(o, head + "; " + count + (o == Outcome.MET ? ": recovered" : o == Outcome.NOT_MET ? ": not above LLN"
                    : ": censored, it decides nothing"), List.of(m.evidence(), l.evidence()), o == Outcome.UNKNOWN ? "a measured CD19+ B-cell count" : null);
        }
    }

    // ---- treatment history --------------------------------------------------------------------

    /** One term of a treatment-history rule. */
    interface Term {
        Finding evaluate(PatientFacts facts);
    }

    record AnyOf(List<Term> terms) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            List<Finding> results = new ArrayList<>();
            for (Term t : terms) {
                Finding f = t.evaluate(facts);
                if (f.outcome() == Outcome.MET) return f;
                results.add(f);
            }
            Outcome o = results.stream().anyMatch(f -> f.outcome() == Outcome.UNKNOWN) ? Outcome.UNKNOWN : Outcome.NOT_MET;
            return join(o, results, " and ");
        }
    }

    record AllOf(List<Term> terms) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            List<Finding> results = new ArrayList<>();
            for (Term t : terms) results.add(t.evaluate(facts));
            List<Finding> notMet = results.stream().filter(f -> f.outcome() == Outcome.NOT_MET).toList();
            if (!notMet.isEmpty()) return join(Outcome.NOT_MET, notMet, "; ");
            List<Finding> unknown = results.stream().filter(f -> f.outcome() == Outcome.UNKNOWN).toList();
            if (!unknown.isEmpty()) return join(Outcome.UNKNOWN, results, "; ");
            return join(Outcome.MET, results, "; ");
        }
    }

    private static Finding join(Outcome outcome, List<Finding> findings, String separator) {
        List<String> reasons = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> settle = new ArrayList<>();
        for (Finding f : findings) {
            reasons.add(f.reason());
            evidence.addAll(f.evidence());
            if (f.toSettle() != null) settle.add(f.toSettle());
        }
        String reason = findings.size() > 1 ? "(" + String.join(")" + separator + "(", reasons) + ")" : reasons.get(0);
        return new Finding(outcome, reason, evidence, settle.isEmpty() ? null : String.join("; ", settle));
    }

    /** Exposure to a class (union of all its records), or to any one drug of it ({@code eachDrug}), of at least N days. */
    record ExposureTerm(DrugClass drugs, int days, boolean eachDrug) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            List<Medication> records = drugs.records(facts);
            List<Evidence> evidence = records.stream().map(Medication::evidence).toList();
            if (eachDrug) {
                Map<Drug, Long> byDrug = exposureByDrug(drugs, facts);
                for (Map.Entry<Drug, Long> e : byDrug.entrySet()) {
                    if (e.getValue() >= days) return new Finding(Outcome.MET, e.getKey().key() + " exposure " + e.getValue() + " days (>= " + days + ")", evidence);
                }
                return new Finding(Outcome.NOT_MET, "no " + drugs.name() + " drug with exposure >= " + days + " days" + describe(byDrug), evidence);
            }
            long exposure = drugs.exposureDays(records, facts.runDate());
            Outcome o = exposure >= days ? Outcome.MET : Outcome.NOT_MET;
            return new Finding(o, drugs.name() + " exposure " + exposure + " days (" + (o == Outcome.MET ? ">= " : "under ") + days + ")", evidence);
        }
    }

    /** At least N different drugs of a class, each with exposure of at least D days. */
    record DistinctDrugsTerm(DrugClass drugs, int days, int atLeast) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            Map<Drug, Long> byDrug = exposureByDrug(drugs, facts);
            List<String> enough = byDrug.entrySet().stream().filter(e -> e.getValue() >= days).map(e -> e.getKey().key() + " " + e.getValue() + " days").toList();
            List<Evidence> evidence = drugs.records(facts).stream().map(Medication::evidence).toList();
            Outcome o = enough.size() >= atLeast ? Outcome.MET : Outcome.NOT_MET;
            return new Finding(o, enough.size() + " " + drugs.name() + " drug(s) with exposure >= " + days + " days (need " + atLeast + ")"
                    + (enough.isEmpty() ? describe(byDrug) : ": " + String.join(", ", enough)), evidence);
        }
    }

    /** One class of {@link DistinctClassesTerm}, with its own minimum exposure. */
    record ClassExposure(DrugClass drugs, int days, String name) {
    }

    /** At least N of the classes, each with its own minimum exposure. */
    record DistinctClassesTerm(List<ClassExposure> classes, int atLeast) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            List<String> enough = new ArrayList<>();
            List<String> short_ = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            for (ClassExposure c : classes) {
                List<Medication> records = c.drugs().records(facts);
                if (records.isEmpty()) continue;
                records.forEach(m -> evidence.add(m.evidence()));
                long exposure = c.drugs().exposureDays(records, facts.runDate());
                (exposure >= c.days() ? enough : short_).add(c.name() + " " + exposure + " days" + (exposure >= c.days() ? "" : " (under " + c.days() + ")"));
            }
            Outcome o = enough.size() >= atLeast ? Outcome.MET : Outcome.NOT_MET;
            List<String> all = new ArrayList<>(enough);
            all.addAll(short_);
            return new Finding(o, enough.size() + " treatment class(es) with enough exposure (need " + atLeast + ")"
                    + (all.isEmpty() ? ": none given" : ": " + String.join(", ", all)), evidence);
        }
    }

    /** Any record of the classes stopped for one of the reasons. */
    record StoppedForTerm(List<DrugClass> classes, Set<String> reasons) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            for (DrugClass c : classes) {
                for (Medication m : c.records(facts)) {
                    if (m.stopReason() != null && reasons.contains(m.stopReason())) {
                        return Finding.of(Outcome.MET, m.label() + " stopped " + m.stop() + " for " + m.stopReason().toLowerCase(java.util.Locale.ROOT), m.evidence());
                    }
                }
            }
            return Finding.of(Outcome.NOT_MET, "no " + String.join("/", classes.stream().map(DrugClass::name).toList()) + " stopped for "
                    + String.join(" or ", reasons.stream().map(r -> r.toLowerCase(java.util.Locale.ROOT)).sorted().toList()));
        }
    }

    /** A GC record that reached at least N mg/kg/day prednisone equivalent (weight: latest on or before its start, within 365 days). */
    record GcDoseTerm(DrugClass gc, double mgPerKgPerDay) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            List<String> unknown = new ArrayList<>();
            List<String> below = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            for (Medication m : gc.records(facts)) {
                Drug drug = gc.drugOf(m).orElseThrow();
                double eq = drug.prednisoneEquivalent() == null ? 1 : drug.prednisoneEquivalent();
                Optional<Observation> weight = weightFor(facts, m.start());
                Optional<Double> dose = DailyDose.mgPerKgPerDay(m, weight, eq);
                evidence.add(m.evidence());
                if (dose.isEmpty()) {
                    unknown.add(m.label() + " from " + m.start() + " (" + (m.dose() == null ? "no dose" : "mg".equals(m.doseUnit()) ? "no weight within 365 days before" : "dose in " + m.doseUnit()) + ")");
                    continue;
                }
                String text = m.label() + " from " + m.start() + ": " + Numbers.format(dose.get()) + " mg/kg/day prednisone equivalent"
                        + weight.map(w -> " (weight " + Numbers.format(w.value()) + " kg on " + w.date() + ")").orElse("");
                if (dose.get() >= mgPerKgPerDay) {
                    List<Evidence> ev = new ArrayList<>(List.of(m.evidence()));
                    weight.ifPresent(w -> ev.add(w.evidence()));
                    return new Finding(Outcome.MET, text + " reached " + Numbers.format(mgPerKgPerDay) + " mg/kg/day", ev);
                }
                below.add(text);
            }
            if (!unknown.isEmpty()) {
                return new Finding(Outcome.UNKNOWN, "GC dose per kg unknown for " + String.join(", ", unknown)
                        + (below.isEmpty() ? "" : "; below " + Numbers.format(mgPerKgPerDay) + " mg/kg/day: " + String.join(", ", below)),
                        evidence, "weight at the start of GC treatment");
            }
            if (below.isEmpty()) return Finding.of(Outcome.NOT_MET, "no GC treatment recorded");
            return new Finding(Outcome.NOT_MET, "no GC record reached " + Numbers.format(mgPerKgPerDay) + " mg/kg/day: " + String.join(", ", below), evidence);
        }
    }

    /**
     * GC ongoing at the run date above N mg/day prednisone equivalent, after at least D days of
     * GC exposure. An mg/kg dose is turned into mg with the latest weight dated on or before the
     * run date and at most 365 days before it; without one, the term is unknown.
     */
    record GcOngoingTerm(DrugClass gc, double mgPerDay, int afterExposureDays) implements Term {
        @Override
        public Finding evaluate(PatientFacts facts) {
            LocalDate runDate = facts.runDate();
            List<Medication> records = gc.records(facts);
            long exposure = gc.exposureDays(records, runDate);
            Predicate<Medication> singleInfusion = gc.singleInfusion();
            List<Medication> ongoing = records.stream().filter(m -> Exposure.ongoing(m, runDate, singleInfusion.test(m))).toList();
            if (ongoing.isEmpty()) return Finding.of(Outcome.NOT_MET, "no GC ongoing at " + runDate);
            Optional<Observation> weight = weightFor(facts, runDate);
            double total = 0;
            List<Evidence> evidence = new ArrayList<>();
            for (Medication m : ongoing) {
                Drug drug = gc.drugOf(m).orElseThrow();
                Optional<Double> dose = DailyDose.mgPerDay(m, weight, drug.prednisoneEquivalent() == null ? 1 : drug.prednisoneEquivalent());
                evidence.add(m.evidence());
                if (dose.isEmpty()) {
                    boolean wantsWeight = m.dose() != null && "mg/kg".equals(m.doseUnit());
                    return new Finding(Outcome.UNKNOWN, "ongoing " + m.label() + ": daily dose in mg unknown"
                            + (wantsWeight ? " (dose per kg, no weight within " + WEIGHT_WINDOW + " days before " + runDate + ")" : ""),
                            evidence, wantsWeight ? "current weight" : "current GC dose in mg");
                }
                total += dose.get();
            }
            weight.filter(w -> ongoing.stream().anyMatch(m -> "mg/kg".equals(m.doseUnit()))).ifPresent(w -> evidence.add(w.evidence()));
            String text = "GC ongoing at " + Numbers.format(total) + " mg/day prednisone equivalent after " + exposure + " days of GC";
            boolean met = total > mgPerDay && exposure >= afterExposureDays;
            return new Finding(met ? Outcome.MET : Outcome.NOT_MET, text + (met ? "" : " (needs > " + Numbers.format(mgPerDay) + " mg/day after "
                    + afterExposureDays + " days)"), evidence);
        }
    }

    static Map<Drug, Long> exposureByDrug(DrugClass drugs, PatientFacts facts) {
        Map<Drug, Long> byDrug = new LinkedHashMap<>();
        for (Drug d : drugs.drugs()) {
            List<Medication> records = drugs.records(facts, d);
            if (!records.isEmpty()) byDrug.put(d, drugs.exposureDays(records, facts.runDate()));
        }
        return byDrug;
    }

    private static String describe(Map<Drug, Long> byDrug) {
        if (byDrug.isEmpty()) return " (none given)";
        List<String> parts = new ArrayList<>();
        byDrug.forEach((d, days) -> parts.add(d.key() + " " + days + " days"));
        return " (" + String.join(", ", parts) + ")";
    }

    /** A treatment-history rule: its term tree, and UNKNOWN when the patient has no medication record in any source. */
    record TreatmentHistory(Term term) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            if (!facts.hasMedicationData()) {
                return new Finding(Outcome.UNKNOWN, "no medication record in any registry", List.of(), "treatment history");
            }
            return term.evaluate(facts);
        }
    }
}
