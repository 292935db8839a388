package org.registrytrialmatcher.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.Numbers;
import org.registrytrialmatcher.facts.Observation;

/** The derived values the rules need: age, CKiD U25 eGFR, exposure days, last exposure, daily dose. */
class DerivedValuesTest {
    static final LocalDate RUN = LocalDate.of(2026, 11, 25);

    @ParameterizedTest(name = "{0} {1} y, {2} m, {3} mg/dL = {4}")
    @CsvSource({
        "male, 11, 1.20, 0.9, 51.6", "female, 11, 1.20, 0.9, 47.8",
        "male, 15, 1.60, 1.9, 37.5", "female, 15, 1.60, 1.9, 32.5",
        "male, 20, 1.81, 2.1, 43.8", "female, 20, 1.81, 2.1, 35.7"})
    void ckidU25ReproducesThePublishedCalculatorValues(String sex, double age, double height, double creatinine, String egfr) {
        assertThat(Numbers.oneDecimal(CkidU25.egfr(sex.equals("female"), age, height, creatinine))).isEqualTo(egfr);
    }

    /**
     * By hand from the equation, height 1.50 m, creatinine 1.0 mg/dL (so eGFR = 1.5 K):
     * male 11.99: 39.0 x 1.008^-0.01 = 38.99689, x1.5 = 58.4953; 12: 39.0 x 1.045^0 = 39 -> 58.5;
     * 17.99: 39.0 x 1.045^5.99 = 50.76579 -> 76.1487; 18: 50.8 -> 76.2.
     * female 11.99: 36.1 x 1.008^-0.01 = 36.09712 -> 54.1457; 12: 36.1 -> 54.15;
     * 17.99: 36.1 x 1.023^5.99 = 41.36778 -> 62.0517; 18: 41.4 -> 62.1.
     */
    @ParameterizedTest(name = "{0} at {1} years")
    @CsvSource({
        "male, 11.99, 58.4953", "male, 12, 58.5", "male, 17.99, 76.1487", "male, 18, 76.2",
        "female, 11.99, 54.1457", "female, 12, 54.15", "female, 17.99, 62.0517", "female, 18, 62.1"})
    void ckidU25AtTheAgeBoundaries(String sex, double age, double expected) {
        assertThat(CkidU25.egfr(sex.equals("female"), age, 1.50, 1.0)).isCloseTo(expected, offset(0.001));
    }

    @Test
    void ageInCompletedAndDecimalYears() {
        LocalDate birth = LocalDate.of(2012, 3, 14);
        assertThat(Age.completedYears(birth, RUN)).isEqualTo(14);
        assertThat(Age.completedYears(birth, LocalDate.of(2026, 3, 13))).isEqualTo(13);
        assertThat(Age.completedYears(birth, LocalDate.of(2026, 3, 14))).isEqualTo(14);
        // Clarifications, "Computed eGFR": decimal age is days since birth / 365.25
        assertThat(Age.decimalYears(birth, LocalDate.of(2026, 3, 14))).isCloseTo(5113 / 365.25, offset(1e-12));
        assertThat(Age.decimalYears(birth, RUN)).isCloseTo(5369 / 365.25, offset(1e-12));
        assertThat(Age.decimalYears(LocalDate.of(2000, 1, 1), LocalDate.of(2004, 1, 1))).as("four years with a leap day").isEqualTo(4.0);
    }

    @Test
    void exposureIsTheUnionOfRecordsInclusive() {
        Medication a = med("2026-01-01", "2026-01-10", 1.0);
        Medication overlapping = med("2026-01-05", "2026-01-20", 1.0);
        Medication apart = med("2026-03-01", "2026-03-01", 1.0);
        assertThat(Exposure.days(List.of(a), RUN, NONE)).isEqualTo(10);
        assertThat(Exposure.days(List.of(a, overlapping, apart), RUN, NONE)).isEqualTo(21);
        assertThat(Exposure.days(List.of(med("2026-11-01", null, 1.0)), RUN, NONE)).as("ongoing to the run date").isEqualTo(25);
        assertThat(Exposure.days(List.of(med("2026-01-01", "2026-12-31", 1.0)), RUN, NONE)).as("capped at the run date").isEqualTo(329);
        assertThat(Exposure.days(List.of(), RUN, NONE)).isZero();
    }

    @Test
    void aSingleInfusionCoversItsStartDateAloneAndAnyOtherUndatedRecordIsOngoing() {
        Medication undated = med("2026-11-01", null, null);
        assertThat(Exposure.days(List.of(undated), RUN, m -> Exposure.isSingleInfusion(m, true))).as("one infusion").isEqualTo(1);
        assertThat(Exposure.days(List.of(undated), RUN, m -> Exposure.isSingleInfusion(m, false))).as("weekly tablets, ongoing").isEqualTo(25);
        assertThat(Exposure.isSingleInfusion(med("2026-11-01", null, 1.0), true)).as("doses per day given").isFalse();
        assertThat(Exposure.isSingleInfusion(med("2026-11-01", "2026-11-01", null), true)).as("a stop date given").isFalse();
    }

    @Test
    void lastExposure() {
        assertThat(Exposure.lastExposure(med("2026-01-01", "2026-02-01", 1.0), RUN, false)).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(Exposure.lastExposure(med("2026-01-01", null, 1.0), RUN, false)).as("ongoing").isEqualTo(RUN);
        assertThat(Exposure.lastExposure(med("2026-01-01", null, null), RUN, true)).as("single infusion").isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(Exposure.lastExposure(med("2026-01-01", null, null), RUN, false)).as("no doses per day, not an infusion").isEqualTo(RUN);
    }

    @Test
    void dailyDoseInMgAndMgPerKgWithPrednisoneEquivalence() {
        Optional<Observation> weight = Optional.of(new Observation("WEIGHT", RUN, "QUANTITY", 40.0, null, "kg", ev()));
        Medication mg = new Medication("Methylprednisolone", "H02AB04", 16.0, "mg", 2.0, RUN, null, null, ev());
        assertThat(DailyDose.mgPerDay(mg, weight, 1.25)).contains(40.0);
        assertThat(DailyDose.mgPerKgPerDay(mg, weight, 1.25)).contains(1.0);
        assertThat(DailyDose.mgPerKgPerDay(mg, Optional.empty(), 1.25)).as("no weight").isEmpty();
        Medication perKg = new Medication("Prednisolone", "H02AB06", 2.0, "mg/kg", null, RUN, null, null, ev());
        assertThat(DailyDose.mgPerKgPerDay(perKg, Optional.empty(), 1)).contains(2.0);
        assertThat(DailyDose.mgPerDay(perKg, weight, 1)).contains(80.0);
        Medication perM2 = new Medication("Cyclophosphamide", "L01AA01", 500.0, "mg/m2", null, RUN, null, null, ev());
        assertThat(DailyDose.mgPerKgPerDay(perM2, weight, 1)).isEmpty();
    }

    private static final java.util.function.Predicate<Medication> NONE = m -> false;

    private static Medication med(String start, String stop, Double perDay) {
        return new Medication("X", "L04AA06", 1.0, "mg", perDay, LocalDate.parse(start), stop == null ? null : LocalDate.parse(stop), null, ev());
    }

    private static Evidence ev() {
        return new Evidence("rheum", "medications.csv", 2, RUN, "o", "n");
    }

    /**
     * The age window 5 to under 20, run date 2026-11-25, look-ahead 90 days (to 2027-02-23): a fifth or
     * twentieth birthday after the run date and on or before the horizon is announced, nothing else is.
     */
    @ParameterizedTest(name = "born {0}: {1} {2}")
    @CsvSource(nullValues = "none", value = {
        "2022-02-23, enters the age window (turns 5), 2027-02-23",
        "2022-02-24, none, none",
        "2021-11-26, enters the age window (turns 5), 2026-11-26",
        "2021-11-25, none, none",
        "2007-01-10, leaves the age window (turns 20), 2027-01-10",
        "2006-11-25, none, none",
        "2007-02-23, leaves the age window (turns 20), 2027-02-23",
        "2007-02-24, none, none",
        "2012-03-14, none, none"})
    void aChildAboutToEnterOrLeaveTheAgeWindowIsFound(LocalDate birth, String change, LocalDate on) {
        AgeWindowChange found = AgeWindowChange.of(birth, RUN, 5, 20);
        if (change == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found).isEqualTo(new AgeWindowChange(change, on));
        }
    }
}
