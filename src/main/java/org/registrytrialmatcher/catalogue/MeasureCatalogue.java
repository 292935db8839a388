package org.registrytrialmatcher.catalogue;

import static org.registrytrialmatcher.source.YamlDefinitions.list;
import static org.registrytrialmatcher.source.YamlDefinitions.map;
import static org.registrytrialmatcher.source.YamlDefinitions.optionalString;
import static org.registrytrialmatcher.source.YamlDefinitions.string;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.registrytrialmatcher.source.DefinitionException;
import org.registrytrialmatcher.source.YamlDefinitions;

/**
 * The analytes and observations the pipeline knows ({@code jobs/analytes.yaml}), and the dose
 * units a medication may be written in. Every canonical unit and molar mass is checked with
 * UCUM when the catalogue is loaded.
 */
public final class MeasureCatalogue {
    private final Path file;
    private final Map<String, Measure> analytes;
    private final Map<String, Measure> observations;
    private final Map<String, DoseUnit> doseUnits;

    private MeasureCatalogue(Path file, Map<String, Measure> analytes, Map<String, Measure> observations, Map<String, DoseUnit> doseUnits) {
        this.file = file;
        this.analytes = analytes;
        this.observations = observations;
        this.doseUnits = doseUnits;
    }

    public static MeasureCatalogue load(Path file, UcumUnits ucum) {
        Map<String, Object> root = YamlDefinitions.read(file);
        Map<String, Measure> analytes = measures(file, "analytes", root.get("analytes"), ucum);
        Map<String, Measure> observations = measures(file, "observations", root.get("observations"), ucum);
        Map<String, DoseUnit> doseUnits = new LinkedHashMap<>();
        map(file, "doseUnits", root.get("doseUnits")).forEach((spelling, v) -> {
            Map<String, Object> entry = map(file, "doseUnits." + spelling, v);
            String unit = string(file, "doseUnits." + spelling + ".unit", entry.get("unit"));
            double factor = number(file, "doseUnits." + spelling + ".factor", entry.get("factor"));
            doseUnits.put(spelling.toLowerCase(Locale.ROOT), new DoseUnit(spelling, unit, factor));
        });
        return new MeasureCatalogue(file, analytes, observations, doseUnits);
    }

    private static Map<String, Measure> measures(Path file, String section, Object value, UcumUnits ucum) {
        Map<String, Measure> result = new LinkedHashMap<>();
        map(file, section, value).forEach((code, v) -> {
            String entry = section + "." + code;
            Map<String, Object> m = map(file, entry, v);
            String unit = optionalString(file, entry + ".unit", m.get("unit"));
            if (unit != null && !ucum.isValid(unit)) {
                throw new DefinitionException(file + ": entry '" + entry + ".unit': '" + unit + "' is not a UCUM unit");
            }
            List<ValueForm> forms = new ArrayList<>();
            for (Object form : list(file, entry + ".valueForms", m.get("valueForms"))) {
                try {
                    forms.add(ValueForm.valueOf(form.toString().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new DefinitionException(file + ": entry '" + entry + ".valueForms': unknown value form '" + form + "'");
                }
            }
            if (forms.contains(ValueForm.QUANTITY) && unit == null) {
                throw new DefinitionException(file + ": entry '" + entry + "' takes quantities but has no unit");
            }
            String molarMass = optionalString(file, entry + ".molarMass", m.get("molarMass"));
            if (molarMass != null) ucum.parseQuantity(molarMass, file + ": entry '" + entry + ".molarMass'");
            Double min = m.get("min") == null ? null : number(file, entry + ".min", m.get("min"));
            Double max = m.get("max") == null ? null : number(file, entry + ".max", m.get("max"));
            result.put(code, new Measure(code, string(file, entry + ".name", m.get("name")), unit, List.copyOf(forms), molarMass, min, max));
        });
        return result;
    }

    private static double number(Path file, String entry, Object value) {
        if (value instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(string(file, entry, value));
        } catch (NumberFormatException e) {
            throw new DefinitionException(file + ": entry '" + entry + "' must be a number");
        }
    }

    public Path file() { return file; }

    public Optional<Measure> analyte(String code) { return Optional.ofNullable(analytes.get(code)); }

    public Optional<Measure> observation(String code) { return Optional.ofNullable(observations.get(code)); }

    public Optional<DoseUnit> doseUnit(String spelling) {
        return spelling == null ? Optional.empty() : Optional.ofNullable(doseUnits.get(spelling.strip().toLowerCase(Locale.ROOT)));
    }

    public Map<String, Measure> analytes() { return analytes; }

    public Map<String, Measure> observations() { return observations; }

    public Map<String, DoseUnit> doseUnits() { return doseUnits; }
}
