package org.registrytrialmatcher.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.registrytrialmatcher.catalogue.Measure;
import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Lab;
import org.registrytrialmatcher.facts.Observation;
import org.registrytrialmatcher.facts.PatientFacts;

/** A lab analyte or an observation named by a rule ({@code {lab: ANC}} or {@code {observation: LVEF}}), checked against the catalogue. */
record MeasureRef(boolean lab, String code, String name, String unit) {

    /**
     * One dated value of the measure, whichever table it comes from. Its display text is made
     * only when a reason shows it: rules read every value of an analyte and show one or two.
     */
    record Value(LocalDate date, String comparator, Double number, String text, Double refLow, Double refHigh, Evidence evidence,
                 Supplier<String> display) {
        /** The value as reasons show it ("<0.5 mg/dL", "positive"). */
        String shown() {
            return display.get();
        }
    }

    static MeasureRef parse(Params p, MeasureCatalogue catalogue) {
        if (p.has("lab")) return lab(p, "lab", catalogue);
        if (p.has("observation")) {
            String code = p.string("observation");
            Measure m = catalogue.observation(code).orElseThrow(() -> p.fail("unknown observation '" + code + "' (not in " + catalogue.file() + ")"));
            return new MeasureRef(false, code, m.name(), m.unit());
        }
        throw p.fail("must name a lab ({lab: ANC}) or an observation ({observation: LVEF})");
    }

    static MeasureRef lab(Params p, String key, MeasureCatalogue catalogue) {
        String code = p.string(key);
        Measure m = catalogue.analyte(code).orElseThrow(() -> p.fail("unknown analyte '" + code + "' (not in " + catalogue.file() + ")"));
        return new MeasureRef(true, code, m.name(), m.unit());
    }

    /** Every value, newest first. */
    List<Value> values(PatientFacts facts) {
        List<Value> values = new ArrayList<>();
        if (lab) {
            for (Lab l : facts.labs(code)) {
                values.add(new Value(l.date(), l.comparator(), l.value(), l.text(), l.refLow(), l.refHigh(), l.evidence(), l::shown));
            }
        } else {
            for (Observation o : facts.observations(code)) {
                values.add(new Value(o.date(), null, o.value(), o.text(), null, null, o.evidence(), o::shown));
            }
        }
        return values;
    }

    Optional<Value> latest(PatientFacts facts) {
        return values(facts).stream().filter(v -> !v.date().isAfter(facts.runDate())).findFirst();
    }

    /**
     * Every value on the latest date on or before the run date, if that date is within the
     * window (newest first, then source and line): several values on the latest date are each
     * judged, and the rule takes the worst outcome (screening-rules.md, Clarifications).
     */
    List<Value> latestValues(PatientFacts facts, int window) {
        List<Value> latest = facts.onLatestDate(values(facts), Value::date);
        return latest.isEmpty() || within(latest.get(0).date(), facts.runDate(), window) ? latest : List.of();
    }

    /** " (reported as <1500 /uL)" where the registry wrote the value otherwise than it is shown; else empty. */
    static String reportedAs(Value v) {
        String original = v.evidence() == null ? null : v.evidence().original();
        if (original == null || original.isBlank() || original.replace(" ", "").equals(v.shown().replace(" ", ""))) return "";
        return " (reported as " + original + ")";
    }

    static boolean within(LocalDate date, LocalDate runDate, int days) {
        return !date.isAfter(runDate) && !date.isBefore(runDate.minusDays(days));
    }

    /** "no ANC within 90 days before 2026-11-25 (latest 2026-07-01)" */
    String missing(PatientFacts facts, int window) {
        Optional<Value> latest = latest(facts);
        return "no " + name + " within " + window + " days before " + facts.runDate()
                + latest.map(v -> " (latest " + v.date() + ")").orElse(" (none recorded)");
    }

    String toSettle(int window) {
        return name + ", none in the last " + window + " days";
    }
}
