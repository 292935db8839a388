package org.registrytrialmatcher.ingest;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.registrytrialmatcher.catalogue.Measure;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.catalogue.ValueForm;
import org.registrytrialmatcher.source.SourceProfile;

/**
 * Reads a measured value in whichever of its measure's forms it is written, converts a
 * quantity to the canonical unit through UCUM, and checks plausibility. Anything it cannot
 * read or convert rejects the row with a reason naming the value and unit as sent.
 */
final class MeasuredValueReader {
    private static final Pattern CENSORED = Pattern.compile("(<=|>=|<|>|\u2264|\u2265)\\s*(.+)");
    private static final Pattern TITER = Pattern.compile("1\\s*:\\s*(\\d+)");
    private static final Map<String, String> QUALITATIVE = Map.of(
            "POS", "POS", "POSITIVE", "POS", "+", "POS", "NEG", "NEG", "NEGATIVE", "NEG", "-", "NEG");
    private static final Map<String, Integer> DIPSTICK = Map.of(
            "NEG", 0, "NEGATIVE", 0, "TRACE", 1, "TR", 1, "1+", 2, "2+", 3, "3+", 4, "+", 2, "++", 3, "+++", 4);
    private static final Map<String, String> DIPSTICK_TEXT = Map.of(
            "NEG", "NEG", "NEGATIVE", "NEG", "TRACE", "TRACE", "TR", "TRACE", "1+", "1+", "2+", "2+", "3+", "3+", "+", "1+", "++", "2+", "+++", "3+");
    private static final Pattern LOOKS_NUMERIC = Pattern.compile("[+-]?[0-9.,]*[0-9][0-9.,]*");
    private static final Map<String, Integer> ROMAN = Map.of("I", 1, "II", 2, "III", 3, "IV", 4);

    private static final int KEPT_UNITS_PER_MEASURE = 64;

    private final SourceProfile profile;
    private final UcumUnits ucum;
    /** Factors found so far, by measure (the catalogue's own instances) and unit as written; one reader per file and thread. */
    private final Map<Measure, Map<String, Double>> factors = new IdentityHashMap<>();

    MeasuredValueReader(SourceProfile profile, UcumUnits ucum) {
        this.profile = profile;
        this.ucum = ucum;
    }

    MeasuredValue read(Measure measure, String value, String unit, RowFields fields) {
        String v = value.strip();
        String upper = v.toUpperCase(Locale.ROOT);
        if (measure.accepts(ValueForm.ORDINAL)) {
            Integer grade = DIPSTICK.get(upper.replace(" ", ""));
            if (grade != null) return new MeasuredValue(ValueForm.ORDINAL, null, grade.doubleValue(), DIPSTICK_TEXT.get(upper.replace(" ", "")), null, null);
        }
        if (measure.accepts(ValueForm.ROMAN)) {
            Integer nyha = ROMAN.get(upper);
            if (nyha != null) return new MeasuredValue(ValueForm.ROMAN, null, nyha.doubleValue(), upper, null, null);
        }
        if (measure.accepts(ValueForm.YESNO)) {
            String yn = profile.codeList("yesNo").get(v);
            if (yn != null) return new MeasuredValue(ValueForm.YESNO, null, null, yn, null, null);
        }
        if (measure.accepts(ValueForm.QUALITATIVE) && QUALITATIVE.containsKey(upper)) {
            return new MeasuredValue(ValueForm.QUALITATIVE, null, null, QUALITATIVE.get(upper), null, null);
        }
        if (measure.accepts(ValueForm.TITER)) {
            Matcher titer = TITER.matcher(v);
            if (titer.matches()) {
                return new MeasuredValue(ValueForm.TITER, null, Double.parseDouble(titer.group(1)), "1:" + titer.group(1), null, null);
            }
        }
        if (measure.accepts(ValueForm.QUANTITY)) {
            String comparator = null;
            String number = v;
            Matcher censored = v.isEmpty() || "<>\u2264\u2265".indexOf(v.charAt(0)) < 0 ? null : CENSORED.matcher(v);
            if (censored != null && censored.matches()) {
                comparator = switch (censored.group(1)) {
                    case "\u2264" -> "<=";
                    case "\u2265" -> ">=";
                    default -> censored.group(1);
                };
                number = censored.group(2);
            }
            String plain = number.strip();
            if (fields.matchesNumber(plain)) {
                double original = fields.parseNumber(number, "value");
                double factor = factor(measure, unit);
                double canonical = original * factor;
                if (!measure.plausible(canonical)) {
                    throw new RowRejection(measure.name() + " " + v + (unit == null ? "" : " " + unit.strip())
                            + " is not plausible (" + format(canonical) + " " + measure.unit() + "; plausible "
                            + format(measure.min()) + " to " + format(measure.max()) + " " + measure.unit() + ")");
                }
                return new MeasuredValue(ValueForm.QUANTITY, comparator, canonical, null, measure.unit(), factor);
            }
            if (LOOKS_NUMERIC.matcher(plain).matches()) {
                fields.parseNumber(number, measure.name() + " value"); // rejects, naming the registry's decimal separator
            }
        }
        throw new RowRejection(measure.name() + " value '" + v + "' cannot be read (expected " + describe(measure) + ")");
    }

    /**
     * The factor from the row's unit to the measure's canonical unit. A file writes each measure
     * in a handful of units: the factors found are kept by measure and unit as written (a few
     * dozen per measure at most), so most rows take two lookups instead of a spelling lookup
     * and a conversion-key lookup. Units that cannot be converted are not kept: they reject
     * their row with the same reason every time.
     */
    double factor(Measure measure, String unit) {
        Map<String, Double> byUnit = factors.computeIfAbsent(measure, m -> new HashMap<>());
        Double known = unit == null ? null : byUnit.get(unit);
        if (known != null) return known;
        double factor = convert(measure, unit);
        if (byUnit.size() < KEPT_UNITS_PER_MEASURE) byUnit.put(unit, factor);
        return factor;
    }

    private double convert(Measure measure, String unit) {
        if (unit == null || unit.isBlank()) {
            throw new RowRejection(measure.name() + " has no unit (expected a unit convertible to " + measure.unit() + ")");
        }
        String code = profile.unitSpellings().toUcum(unit)
                .orElseThrow(() -> new RowRejection("unit '" + unit.strip() + "' is not known for " + measure.name()
                        + " (not in the unit spellings of profile " + profile.name() + ")"));
        OptionalDouble factor = ucum.factor(code, measure.unit(), measure.molarMass());
        if (factor.isEmpty()) {
            throw new RowRejection("unit '" + unit.strip() + "' (UCUM " + code + ") cannot be converted to " + measure.unit()
                    + " for " + measure.name());
        }
        return factor.getAsDouble();
    }

    private static String describe(Measure measure) {
        StringBuilder s = new StringBuilder();
        for (ValueForm form : measure.valueForms()) {
            if (!s.isEmpty()) s.append(" or ");
            s.append(switch (form) {
                case QUANTITY -> "a number";
                case TITER -> "a titer 1:N";
                case QUALITATIVE -> "POS/NEG";
                case ORDINAL -> "NEG, TRACE, 1+, 2+ or 3+";
                case ROMAN -> "I, II, III or IV";
                case YESNO -> "yes/no";
            });
        }
        return s.toString();
    }

    static String format(Double d) {
        if (d == null) return "-";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
        return String.valueOf(Math.round(d * 10000) / 10000.0);
    }
}
