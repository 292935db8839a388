package org.registrytrialmatcher.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.registrytrialmatcher.source.SourceProfile;
import org.registrytrialmatcher.source.SourceProfileLoader;

/**
 * Every conversion of registry-exports.md's analyte table, from the unit as a registry spells
 * it (through the profile's spellings and UCUM) to the canonical unit, checked against the
 * factor printed in the spec.
 */
class UnitConversionTest {
    static final UcumUnits UCUM = new UcumUnits();
    static final MeasureCatalogue CATALOGUE = MeasureCatalogue.load(Path.of("jobs/analytes.yaml"), UCUM);
    static final SourceProfile RHEUM = SourceProfileLoader.load(Path.of("jobs/sources/rheum.yaml"));
    static final SourceProfile NEPHRO = SourceProfileLoader.load(Path.of("jobs/sources/nephro.yaml"));

    @ParameterizedTest(name = "{0}: {1} {2} = {3} canonical")
    @CsvSource(delimiter = '|', value = {
        "ANC|1|K/uL|1",
        "ANC|1|K/\u00b5L|1",
        "ANC|1|10*3/uL|1",
        "ANC|1|10^9/L|1",
        "ANC|1|x10^9/L|1",
        "ANC|1|10E9/L|1",
        "ANC|1|10*9/L|1",
        "ANC|1500|/uL|1.5",
        "ANC|1500|cells/uL|1.5",
        "ANC|1500|/mm3|1.5",
        "PLT|250|K/uL|250",
        "PLT|250000|/\u03bcL|250",
        "HGB|1|g/dL|10",
        "HGB|7.8|mmol/L|125.69",
        "HGB|120|g/L|120",
        "ALT|2.0|ukat/L|120",
        "ALT|1|\u00b5kat/L|60",
        "AST|1|ukat/L|60",
        "ALT|40|U/L|40",
        "TBIL|1|mg/dL|17.104",
        "TBIL|10|\u00b5mol/L|10",
        "CREA|1.0|mg/dL|88.40",
        "CREA|62|umol/L|62",
        "CREA|62|\u03bcmol/l|62",
        "EGFR|88|mL/min/1.73m2|88",
        "UPRO24|320|mg/24h|0.32",
        "UPRO24|0.9|g/24h|0.9",
        "UPRO24|0.9|g/d|0.9",
        "UPRO24|0.9|g/(24.h)|0.9",
        "UPCR|0.5|mg/mg|56.56",
        "UPCR|0.5|g/g|56.56",
        "UPCR|500|mg/g|56.56",
        "UPCR|35|mg/mmol|35",
        "URBC|12|/HPF|12",
        "ALB|3.9|g/dL|39",
        "DSDNA|145|IU/mL|145",
        "SM|20|U/mL|20",
        "CD19|0.25|10*9/L|250",
        "CD19|180|cells/uL|180",
    })
    void convertsTheSpecsUnitsWithItsFactors(String analyte, double value, String spelling, double canonical) {
        Measure measure = CATALOGUE.analyte(analyte).orElseThrow();
        for (SourceProfile profile : new SourceProfile[] {RHEUM, NEPHRO}) {
            String ucum = profile.unitSpellings().toUcum(" " + spelling + " ").orElseThrow(() -> new AssertionError("no spelling " + spelling));
            double factor = UCUM.factor(ucum, measure.unit(), measure.molarMass()).orElseThrow();
            assertThat(value * factor).isCloseTo(canonical, withPercentage(0.01));
        }
    }

    @ParameterizedTest(name = "{0}: {1} {2} = {3}")
    @CsvSource(delimiter = '|', value = {
        "WEIGHT|100|lb|45.359",
        "WEIGHT|40|kg|40",
        "HEIGHT|58|in|147.32",
        "HEIGHT|1.45|m|145",
        "HEIGHT|145|cm|145",
        "LVEF|62|%|62",
    })
    void convertsObservations(String code, double value, String spelling, double canonical) {
        Measure measure = CATALOGUE.observation(code).orElseThrow();
        String ucum = RHEUM.unitSpellings().toUcum(spelling).orElseThrow();
        assertThat(value * UCUM.factor(ucum, measure.unit(), measure.molarMass()).orElseThrow()).isCloseTo(canonical, withPercentage(0.01));
    }

    @ParameterizedTest(name = "{0} cannot become {1}")
    @CsvSource(delimiter = '|', value = {"mg/dL|U/L|", "U/L|umol/L|", "mg/dL|mg/mmol|113.12 g/mol", "%|g/L|"})
    void refusesUnitsThatAreNotCommensurable(String from, String to, String molarMass) {
        assertThat(UCUM.factor(from, to, molarMass)).isEmpty();
    }
}
