package org.registrytrialmatcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registrytrialmatcher.facts.Outcome.MET;
import static org.registrytrialmatcher.facts.Outcome.NOT_APPLICABLE;
import static org.registrytrialmatcher.facts.Outcome.NOT_MET;
import static org.registrytrialmatcher.facts.Outcome.REVIEW;
import static org.registrytrialmatcher.facts.Outcome.SCREENING;
import static org.registrytrialmatcher.facts.Outcome.UNKNOWN;

import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Outcome;

/**
 * Every rule of jobs/rd06-05/trial.yaml, one test for each outcome it can produce, with the
 * boundaries screening-rules.md names. The rules are evaluated as loaded from the definition.
 */
class RuleOutcomesTest {
    static final TrialDefinition TRIAL = TrialDefinitionLoader.load(Path.of("jobs/rd06-05"),
            MeasureCatalogue.load(Path.of("jobs/analytes.yaml"), new UcumUnits()));

    static Finding eval(String rule, String cohort, Facts facts) {
        CohortDefinition c = TRIAL.cohorts().stream().filter(x -> x.id().equals(cohort)).findFirst().orElseThrow();
        RuleDefinition r = TRIAL.rule(rule).orElseThrow();
        assertThat(r.appliesTo(c)).as(rule + " applies to " + cohort).isTrue();
        return r.evaluate(facts.get(), c);
    }

    static Outcome outcome(String rule, String cohort, Facts facts) {
        return eval(rule, cohort, facts).outcome();
    }

    static Outcome outcome(String rule, Facts facts) {
        return outcome(rule, "SLE_LN", facts);
    }

    @Nested
    class Registry {
        @Test
        void recontactConsent() {
            assertThat(outcome("REG-RECONTACT", Facts.girl())).isEqualTo(MET);
            assertThat(outcome("REG-RECONTACT", Facts.girl().consent("N"))).isEqualTo(NOT_MET);
            assertThat(outcome("REG-RECONTACT", Facts.girl().consent(null))).isEqualTo(UNKNOWN);
            assertThat(outcome("REG-RECONTACT", Facts.girl().linked("nephro", "N1", "N"))).as("a refusal anywhere wins").isEqualTo(NOT_MET);
        }

        @Test
        void screeningOnlyRules() {
            for (String id : new String[] {"INC-CONSENT", "INC-PREGNANCY", "INC-CONTRACEPTION"}) {
                assertThat(outcome(id, Facts.girl())).isEqualTo(SCREENING);
            }
        }

        @Test
        void ageFiveAndTwentyOnTheDay() {
            assertThat(outcome("INC-AGE", Facts.child("2021-11-25", "F"))).as("5 on the day").isEqualTo(MET);
            assertThat(outcome("INC-AGE", Facts.child("2021-11-26", "F"))).as("5 tomorrow").isEqualTo(NOT_MET);
            assertThat(outcome("INC-AGE", Facts.child("2006-11-26", "F"))).as("20 tomorrow").isEqualTo(MET);
            assertThat(outcome("INC-AGE", Facts.child("2006-11-25", "F"))).as("20 on the day").isEqualTo(NOT_MET);
            assertThat(eval("INC-AGE", "SLE_LN", Facts.child("2006-11-25", "F")).reason()).isEqualTo("age 20 on 2026-11-25 is 20 or more");
        }
    }

    @Nested
    class OrganFunction {
        @Test
        void ancWindowDay90And91() {
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 90, 2.0, "10*9/L"))).isEqualTo(MET);
            Finding stale = eval("INC-ANC", "SLE_LN", Facts.girl().lab("ANC", 91, 2.0, "10*9/L"));
            assertThat(stale.outcome()).isEqualTo(UNKNOWN);
            assertThat(stale.reason()).isEqualTo("no neutrophils (absolute) within 90 days before 2026-11-25 (latest 2026-08-26)");
            assertThat(outcome("INC-ANC", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void ancBelowTheLimitIsReviewNeverNotMet() {
            Finding f = eval("INC-ANC", "SLE_LN", Facts.girl().lab("ANC", 10, 0.9, "10*9/L"));
            assertThat(f.outcome()).isEqualTo(REVIEW);
            assertThat(f.reason()).contains("0.9 x10^9/L").contains("outside the limit >= 1").contains("leaves abnormalities related to disease activity");
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 10, 1.0, "10*9/L"))).as("exactly 1.0").isEqualTo(MET);
        }

        @Test
        void censoredValuesAtTheThreshold() {
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 5, "<", 0.5, "10*9/L", null, null))).as("<0.5 is surely below 1.0").isEqualTo(REVIEW);
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 5, "<", 1.0, "10*9/L", null, null))).as("<1.0 is surely below 1.0").isEqualTo(REVIEW);
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 5, "<", 2.0, "10*9/L", null, null))).as("<2.0 may be either").isEqualTo(UNKNOWN);
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 5, ">", 1.0, "10*9/L", null, null))).as(">1.0 surely passes").isEqualTo(MET);
            assertThat(outcome("INC-PLT", Facts.girl().lab("PLT", 5, ">=", 30, "10*9/L", null, null))).as(">=30 passes >= 30").isEqualTo(MET);
        }

        @Test
        void haemoglobinAndPlatelets() {
            assertThat(outcome("INC-HGB", Facts.girl().lab("HGB", 5, 60, "g/L"))).isEqualTo(MET);
            assertThat(outcome("INC-HGB", Facts.girl().lab("HGB", 5, 59.9, "g/L"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-HGB", Facts.girl())).isEqualTo(UNKNOWN);
            assertThat(outcome("INC-PLT", Facts.girl().lab("PLT", 5, 30, "10*9/L"))).isEqualTo(MET);
            assertThat(outcome("INC-PLT", Facts.girl().lab("PLT", 5, 29, "10*9/L"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-PLT", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void altExactlyThreeTimesUlnAndTheDefaultUln() {
            assertThat(outcome("INC-ALT", Facts.girl().lab("ALT", 5, null, 120, "U/L", null, 40.0))).as("exactly 3 x ULN").isEqualTo(MET);
            Finding above = eval("INC-ALT", "SLE_LN", Facts.girl().lab("ALT", 5, null, 130, "U/L", 0.0, 40.0));
            assertThat(above.outcome()).isEqualTo(REVIEW);
            assertThat(above.reason()).startsWith("ALT 130 U/L on 2026-11-20 is 3.3 x ULN (ULN 40 U/L); limit 3 x ULN");
            Finding defaultUln = eval("INC-ALT", "SLE_LN", Facts.girl().lab("ALT", 5, 121, "U/L"));
            assertThat(defaultUln.outcome()).isEqualTo(REVIEW);
            assertThat(defaultUln.reason()).contains("ULN 40 U/L, the trial's default");
            assertThat(outcome("INC-ALT", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void altDoesNotApplyInMyositis() {
            assertThat(outcome("INC-ALT", "IIM", Facts.girl().dx("M33.0").lab("ALT", 5, 500, "U/L"))).isEqualTo(NOT_APPLICABLE);
        }

        @Test
        void ast() {
            assertThat(outcome("INC-AST", Facts.girl().lab("AST", 5, 150, "U/L"))).as("3 x default 50").isEqualTo(MET);
            assertThat(outcome("INC-AST", Facts.girl().lab("AST", 5, 151, "U/L"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-AST", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void bilirubinTwiceUlnOrThriceWithGilbert() {
            assertThat(outcome("INC-BILI", Facts.girl().lab("TBIL", 5, 42, "umol/L"))).as("2 x 21").isEqualTo(MET);
            assertThat(outcome("INC-BILI", Facts.girl().lab("TBIL", 5, 50, "umol/L"))).isEqualTo(REVIEW);
            Finding gilbert = eval("INC-BILI", "SLE_LN", Facts.girl().lab("TBIL", 5, 50, "umol/L").dx("E80.4"));
            assertThat(gilbert.outcome()).isEqualTo(MET);
            assertThat(gilbert.reason()).contains("limit 3 x ULN with Gilbert syndrome");
            assertThat(outcome("INC-BILI", Facts.girl().lab("TBIL", 5, 64, "umol/L").dx("E80.4"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-BILI", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void egfrReportedComputedAndDialysis() {
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 10, 88, "mL/min/{1.73_m2}"))).isEqualTo(MET);
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 10, 29, "mL/min/{1.73_m2}"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 10, 88, "mL/min/{1.73_m2}").flag("DIALYSIS", 3, "Y"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-EGFR", Facts.girl())).isEqualTo(UNKNOWN);
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 91, 88, "mL/min/{1.73_m2}"))).as("stale").isEqualTo(UNKNOWN);
        }

        @Test
        void theMoreRecentOfReportedAndComputedEgfrIsUsedAndTheReportedOneOnTheSameDate() {
            // creatinine 5 days ago with a height: computed eGFR (low) is newer than the reported (normal) one
            Facts newerComputed = Facts.girl().lab("EGFR", 30, 95, "mL/min/{1.73_m2}").lab("CREA", 5, 300, "umol/L").obs("HEIGHT", 40, 150, "cm");
            Finding f = eval("INC-EGFR", "SLE_LN", newerComputed);
            assertThat(f.outcome()).isEqualTo(REVIEW);
            assertThat(f.reason()).contains("computed (CKiD U25)");
            Facts sameDay = Facts.girl().lab("EGFR", 5, 95, "mL/min/{1.73_m2}").lab("CREA", 5, 300, "umol/L").obs("HEIGHT", 40, 150, "cm");
            assertThat(eval("INC-EGFR", "SLE_LN", sameDay).reason()).startsWith("reported eGFR 95");
            Facts noHeight = Facts.girl().lab("CREA", 5, 300, "umol/L").obs("HEIGHT", 400, 150, "cm");
            assertThat(outcome("INC-EGFR", noHeight)).as("height older than 365 days").isEqualTo(UNKNOWN);
        }

        @Test
        void lvef() {
            assertThat(outcome("INC-LVEF", Facts.girl().obs("LVEF", 365, 55, "%"))).isEqualTo(MET);
            assertThat(outcome("INC-LVEF", Facts.girl().obs("LVEF", 366, 60, "%"))).isEqualTo(UNKNOWN);
            assertThat(outcome("INC-LVEF", Facts.girl().obs("LVEF", 100, 50, "%"))).isEqualTo(REVIEW);
        }

        @Test
        void pulmonary() {
            assertThat(outcome("INC-PULM", Facts.girl().obs("SPO2", 10, 92, "%"))).isEqualTo(MET);
            assertThat(outcome("INC-PULM", Facts.girl().obs("SPO2", 10, 91, "%"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-PULM", Facts.girl().obs("SPO2", 10, 98, "%").flag("HOME_OXYGEN", 20, "Y"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-PULM", Facts.girl().obs("SPO2", 10, 98, "%").dx("J84.10"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-PULM", Facts.girl().obs("SPO2", 10, 98, "%").dx("J96.10"))).isEqualTo(REVIEW);
            assertThat(outcome("INC-PULM", Facts.girl())).isEqualTo(UNKNOWN);
            assertThat(outcome("INC-PULM", Facts.girl().flag("HOME_OXYGEN", 20, "Y"))).as("REVIEW over UNKNOWN").isEqualTo(REVIEW);
        }
    }

    @Nested
    class Exclusions {
        @Test
        void otherAutoimmuneDiseaseLessTheCohortsOwn() {
            assertThat(outcome("EXC-AUTOIMMUNE", Facts.girl().dx("M32.1"))).isEqualTo(MET);
            assertThat(outcome("EXC-AUTOIMMUNE", Facts.girl().dx("M32.1").dx("L40.5"))).isEqualTo(REVIEW);
            assertThat(outcome("EXC-AUTOIMMUNE", "SSC", Facts.girl().dx("M34.0").dx("M32.1"))).as("SLE is another disease in SSc").isEqualTo(REVIEW);
            assertThat(outcome("EXC-AUTOIMMUNE", "MDR_NS", Facts.girl().dx("N04.1").dx("E06.3"))).isEqualTo(REVIEW);
            assertThat(outcome("EXC-AUTOIMMUNE", Facts.girl().resolved("L40.5", 100))).as("only active ones").isEqualTo(MET);
        }

        @Test
        void dualTargetedTherapy() {
            assertThat(outcome("EXC-BCELL-DUAL", Facts.girl().med("RD06-05 CD19/BCMA CAR-T", null, null, null, null, 500, 500, null))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-BCELL-DUAL", Facts.girl().med("anti-CD19 CAR-T", null, null, null, null, 500, 500, null))).isEqualTo(MET);
        }

        @Test
        void antiCd20WashoutOf90DaysThenBCellRecovery() {
            assertThat(outcome("EXC-BCELL", Facts.girl())).isEqualTo(MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 89))).as("89 days").isEqualTo(NOT_MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 90))).as("90 days, no count").isEqualTo(UNKNOWN);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 91).lab("CD19", 10, 150, "/uL"))).isEqualTo(MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 91).lab("CD19", 10, 100, "/uL"))).as("at LLN").isEqualTo(NOT_MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 91).lab("CD19", 10, null, 150, "/uL", 200.0, null)))
                    .as("the row's own LLN").isEqualTo(NOT_MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 91).lab("CD19", 95, 300, "/uL")))
                    .as("a count before the last exposure does not count").isEqualTo(UNKNOWN);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("MabThera", null, 30))).as("matched by brand name").isEqualTo(NOT_MET);
        }

        @Test
        void cd19OrBcmaTargetedWashoutOf180DaysAndOtherTherapiesNeedApproval() {
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Tisagenlecleucel", "L01XL04", 179))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Tisagenlecleucel", "L01XL04", 180).lab("CD19", 5, 150, "/uL"))).isEqualTo(MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().med("Belimumab", "L04AA26", 10.0, "mg/kg", null, 400, null, null))).isEqualTo(REVIEW);
            assertThat(outcome("EXC-BCELL", Facts.girl().med("Ongoing ofatumumab", "L04AA52", 20.0, "mg", 1.0, 400, null, null)))
                    .as("ongoing: last exposure is the run date").isEqualTo(NOT_MET);
        }

        @Test
        void rpgn() {
            assertThat(outcome("EXC-RPGN", Facts.girl())).isEqualTo(MET);
            assertThat(outcome("EXC-RPGN", Facts.girl().biopsy(100, "KIDNEY", "LN", "IV", 50.0))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-RPGN", Facts.girl().biopsy(100, "KIDNEY", "LN", "IV", 49.0))).isEqualTo(MET);
            assertThat(outcome("EXC-RPGN", Facts.girl().lab("CREA", 70, 50, "umol/L").lab("CREA", 10, 100, "umol/L"))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-RPGN", Facts.girl().lab("CREA", 80, 50, "umol/L").lab("CREA", 10, 100, "umol/L"))).as("70 days apart").isEqualTo(MET);
            assertThat(outcome("EXC-RPGN", Facts.girl().lab("CREA", 95, 50, "umol/L").lab("CREA", 40, 100, "umol/L"))).as("first outside 90 days").isEqualTo(MET);
        }

        @Test
        void cardiac() {
            assertThat(outcome("EXC-CARDIAC", Facts.girl())).isEqualTo(MET);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().nyha(200, 3))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().nyha(400, 4))).as("older than 365 days").isEqualTo(MET);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().nyha(10, 2))).isEqualTo(MET);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().dxOnset("I21.4", 300))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().dxOnset("Z95.5", 366))).isEqualTo(MET);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().dx("I50.9"))).isEqualTo(REVIEW);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().dx("I50.9").nyha(10, 3))).as("NOT_MET over REVIEW").isEqualTo(NOT_MET);
        }

        @Test
        void cns() {
            assertThat(outcome("EXC-CNS", Facts.girl())).isEqualTo(MET);
            assertThat(outcome("EXC-CNS", Facts.girl().dx("G40.9"))).isEqualTo(REVIEW);
            assertThat(outcome("EXC-CNS", Facts.girl().dx("I63.9"))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-CNS", Facts.girl().dx("S06.0"))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-CNS", Facts.girl().resolved("S06.0", 400))).isEqualTo(MET);
        }

        @Test
        void malignancy() {
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl())).isEqualTo(MET);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().dx("C91.0"))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().resolved("C91.0", 700))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().resolved("C91.0", 1200))).isEqualTo(MET);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().resolved("C91.0", null))).isEqualTo(UNKNOWN);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().dx("C44.3"))).as("non-melanoma skin cancer").isEqualTo(MET);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().dx("D06.9"))).as("in situ").isEqualTo(MET);
        }

        @Test
        void primaryImmunodeficiency() {
            assertThat(outcome("EXC-PID", Facts.girl().resolved("D80.1", 100))).as("active or not").isEqualTo(NOT_MET);
            assertThat(outcome("EXC-PID", Facts.girl().dx("D84.821"))).as("secondary").isEqualTo(MET);
            assertThat(outcome("EXC-PID", Facts.girl().dx("D84.1"))).isEqualTo(NOT_MET);
        }

        @Test
        void infection() {
            assertThat(outcome("EXC-INFECTION", Facts.girl().dx("B01.9"))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-INFECTION", Facts.girl().dx("J15.9"))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-INFECTION", Facts.girl().dx("N10"))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-INFECTION", Facts.girl().dx("N39.0").dx("J06.9"))).isEqualTo(MET);
            assertThat(outcome("EXC-INFECTION", Facts.girl().resolved("B01.9", 30))).isEqualTo(MET);
        }
    }

    @Nested
    class Lupus {
        @Test
        void diagnosisClassified() {
            assertThat(outcome("SLE-DX", Facts.girl().dx("M32.1", "SLICC 2012"))).isEqualTo(MET);
            assertThat(outcome("SLE-DX", Facts.girl().dx("M32.1", "EULAR/ACR 2019"))).isEqualTo(MET);
            assertThat(outcome("SLE-DX", Facts.girl().dx("M32.1", "ACR 1997"))).isEqualTo(UNKNOWN);
            assertThat(outcome("SLE-DX", Facts.girl().dx("M32.1"))).isEqualTo(UNKNOWN);
        }

        @Test
        void nephritisBiopsy() {
            Facts involved = Facts.girl().dx("M32.1").lab("UPCR", 10, 50, "mg/mmol");
            assertThat(outcome("SLE-LN-BIOPSY", involved)).as("no biopsy").isEqualTo(UNKNOWN);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().lab("UPCR", 10, 50, "mg/mmol").biopsy(700, "KIDNEY", "LN", "IV+V", 5.0))).isEqualTo(MET);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().lab("UPCR", 10, 50, "mg/mmol").biopsy(100, "KIDNEY", "LN", "II", 5.0))).isEqualTo(NOT_MET);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().lab("UPCR", 10, 50, "mg/mmol").biopsy(731, "KIDNEY", "LN", "IV", 5.0)))
                    .as("biopsy older than 730 days").isEqualTo(UNKNOWN);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().lab("UPCR", 10, 10, "mg/mmol").lab("EGFR", 10, 100, "mL/min/{1.73_m2}")))
                    .isEqualTo(NOT_APPLICABLE);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl())).isEqualTo(UNKNOWN);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().lab("EGFR", 10, 85, "mL/min/{1.73_m2}"))).as("eGFR < 90 is involvement").isEqualTo(UNKNOWN);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().text("UBLD", 10, "ORDINAL", 2.0, "1+").biopsy(10, "KIDNEY", "LN", "III", null)))
                    .as("dipstick 1+").isEqualTo(MET);
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().dx("M32.14").biopsy(10, "KIDNEY", "LN", "V", null))).isEqualTo(MET);
        }

        @Test
        void refractoryByHighDoseGcHcqAndTwoDmards() {
            Facts a = Facts.girl().obs("WEIGHT", 800, 40, "kg")
                    .med("Prednisolone", "H02AB06", 40.0, "mg", 1.0, 700, 600, "COMPLETED")
                    .med("Hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 700, null, null)
                    .med("Mycophenolate mofetil", "L04AA06", 600.0, "mg/m2", 2.0, 600, 400, "INEFFICACY")
                    .med("Azathioprine", "L04AX01", 50.0, "mg", 1.0, 390, 200, "OTHER");
            Finding f = eval("SLE-REFRACTORY", "SLE_LN", a);
            assertThat(f.outcome()).isEqualTo(MET);
            assertThat(f.reason()).contains("1 mg/kg/day prednisone equivalent (weight 40 kg");
        }

        @Test
        void refractoryUnknownOnlyForWantOfAWeight() {
            Facts noWeight = Facts.girl()
                    .med("Prednisolone", "H02AB06", 40.0, "mg", 1.0, 700, 600, "COMPLETED")
                    .med("Hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 700, null, null)
                    .med("Mycophenolate mofetil", "L04AA06", 600.0, "mg/m2", 2.0, 600, 400, "INEFFICACY")
                    .med("Azathioprine", "L04AX01", 50.0, "mg", 1.0, 390, 200, "OTHER");
            assertThat(outcome("SLE-REFRACTORY", noWeight)).isEqualTo(UNKNOWN);
            Facts alsoOneDmard = Facts.girl()
                    .med("Prednisolone", "H02AB06", 40.0, "mg", 1.0, 700, 600, "COMPLETED")
                    .med("Hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 700, null, null)
                    .med("Azathioprine", "L04AX01", 50.0, "mg", 1.0, 390, 200, "OTHER");
            assertThat(outcome("SLE-REFRACTORY", alsoOneDmard)).as("fails for want of a second DMARD too").isEqualTo(NOT_MET);
        }

        @Test
        void refractoryByIntoleranceOrSteroidDependence() {
            assertThat(outcome("SLE-REFRACTORY", Facts.girl().med("Hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 300, 200, "INTOLERANCE")))
                    .isEqualTo(MET);
            assertThat(outcome("SLE-REFRACTORY", Facts.girl().med("Prednisone", "H02AB07", 7.5, "mg", 1.0, 200, null, null))).isEqualTo(MET);
            assertThat(outcome("SLE-REFRACTORY", Facts.girl().med("Prednisone", "H02AB07", 5.0, "mg", 1.0, 200, null, null))).as("5 mg is not above 5")
                    .isEqualTo(NOT_MET);
            assertThat(outcome("SLE-REFRACTORY", Facts.girl().med("Prednisone", "H02AB07", 7.5, "mg", 1.0, 170, null, null))).as("under 180 days")
                    .isEqualTo(NOT_MET);
            assertThat(outcome("SLE-REFRACTORY", Facts.girl())).as("no medication data").isEqualTo(UNKNOWN);
        }

        @Test
        void serology() {
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().text("ANA", 900, "TITER", 80.0, "1:80"))).isEqualTo(MET);
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().text("ANA", 900, "TITER", 40.0, "1:40"))).isEqualTo(NOT_MET);
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().text("ANA", 900, "QUALITATIVE", null, "POS"))).isEqualTo(MET);
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().lab("DSDNA", 900, null, 45, "[IU]/mL", null, 30.0))).isEqualTo(MET);
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().lab("DSDNA", 900, null, 25, "[IU]/mL", null, 30.0).text("SM", 900, "QUALITATIVE", null, "NEG")))
                    .isEqualTo(NOT_MET);
            assertThat(outcome("SLE-SEROLOGY", Facts.girl())).isEqualTo(UNKNOWN);
        }
    }

    @Nested
    class OtherCohorts {
        @Test
        void systemicSclerosis() {
            assertThat(outcome("SSC-DX", "SSC", Facts.girl().dx("M34.0", "ACR/EULAR 2013"))).isEqualTo(MET);
            assertThat(outcome("SSC-DX", "SSC", Facts.girl().dx("M34.0", "PRES/ACR/EULAR 2007"))).isEqualTo(MET);
            assertThat(outcome("SSC-DX", "SSC", Facts.girl().dx("M34.0"))).isEqualTo(UNKNOWN);
            assertThat(outcome("SSC-REFRACTORY", "SSC", Facts.girl().med("Mycophenolate", "L04AA06", 500.0, "mg", 2.0, 178, null, null)))
                    .as("179 days covered").isEqualTo(NOT_MET);
            assertThat(outcome("SSC-REFRACTORY", "SSC", Facts.girl().med("Mycophenolate", "L04AA06", 500.0, "mg", 2.0, 178, null, null)
                    .med("Methotrexate", "L04AX03", 15.0, "mg", null, 300, 200, "INEFFICACY"))).isEqualTo(MET);
            assertThat(outcome("SSC-REFRACTORY", "SSC", Facts.girl().med("Tocilizumab", "L04AC07", 8.0, "mg/kg", null, 179, null, null))).as("180 days inclusive")
                    .isEqualTo(MET);
            assertThat(outcome("SSC-REFRACTORY", "SSC", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void myositis() {
            assertThat(outcome("IIM-DX", "IIM", Facts.girl().dx("M33.0", "EULAR/ACR 2017"))).isEqualTo(MET);
            assertThat(outcome("IIM-DX", "IIM", Facts.girl().dx("M33.0", "Bohan and Peter"))).isEqualTo(UNKNOWN);
            Facts twoAgents = Facts.girl().med("Prednisolone", "H02AB06", 1.0, "mg/kg", 1.0, 500, 400, "COMPLETED")
                    .med("Methotrexate", "L04AX03", 15.0, "mg", null, 500, 300, "INEFFICACY")
                    .med("IVIG", "J06BA02", 2.0, "g/kg", null, 450, 300, "COMPLETED");
            assertThat(outcome("IIM-REFRACTORY", "IIM", twoAgents)).isEqualTo(MET);
            Facts oneAgent = Facts.girl().med("Prednisolone", "H02AB06", 1.0, "mg/kg", 1.0, 500, 400, "COMPLETED")
                    .med("Methotrexate", "L04AX03", 15.0, "mg", null, 500, 300, "INEFFICACY");
            assertThat(outcome("IIM-REFRACTORY", "IIM", oneAgent)).isEqualTo(NOT_MET);
            assertThat(outcome("IIM-REFRACTORY", "IIM", Facts.girl().med("Ciclosporin", "L04AD01", 75.0, "mg", 2.0, 100, 50, "INTOLERANCE"))).isEqualTo(MET);
            assertThat(outcome("IIM-REFRACTORY", "IIM", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void multidrugResistantNephroticSyndrome() {
            assertThat(outcome("MDRNS-DX", "MDR_NS", Facts.girl().dx("N04.1"))).isEqualTo(MET);
            Facts resistant = Facts.girl().med("Prednisolone", "H02AB06", 60.0, "mg", 1.0, 800, 772, "COMPLETED")
                    .med("Tacrolimus", "L04AD02", 0.1, "mg/kg", 2.0, 700, 500, "INEFFICACY")
                    .infusion("Rituximab", "L01FA01", 300);
            assertThat(outcome("MDRNS-RESISTANCE", "MDR_NS", resistant)).isEqualTo(MET);
            Facts shortGc = Facts.girl().med("Prednisolone", "H02AB06", 60.0, "mg", 1.0, 800, 774, "COMPLETED")
                    .med("Tacrolimus", "L04AD02", 0.1, "mg/kg", 2.0, 700, 500, "INEFFICACY")
                    .infusion("Rituximab", "L01FA01", 300);
            assertThat(outcome("MDRNS-RESISTANCE", "MDR_NS", shortGc)).as("27 days of GC").isEqualTo(NOT_MET);
            assertThat(outcome("MDRNS-RESISTANCE", "MDR_NS", Facts.girl())).isEqualTo(UNKNOWN);
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl().lab("UPCR", 5, 21, "mg/mmol"))).isEqualTo(MET);
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl().lab("UPCR", 5, 20, "mg/mmol"))).isEqualTo(NOT_MET);
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl().lab("UPCR", 5, 20, "mg/mmol").lab("UPRO24", 5, 0.2, "g/(24.h)"))).isEqualTo(MET);
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl())).isEqualTo(UNKNOWN);
        }

        @Test
        void igaNephropathy() {
            assertThat(outcome("IGAN-DX", "IGAN", Facts.girl().dx("N02.8").biopsy(2000, "KIDNEY", "IgA nephropathy", null, null))).isEqualTo(MET);
            assertThat(outcome("IGAN-DX", "IGAN", Facts.girl().dx("N02.8"))).isEqualTo(UNKNOWN);
            assertThat(outcome("IGAN-PROTEINURIA", "IGAN", Facts.girl().lab("UPRO24", 5, 0.5, "g/(24.h)"))).isEqualTo(MET);
            assertThat(outcome("IGAN-PROTEINURIA", "IGAN", Facts.girl().lab("UPCR", 5, 56.56, "mg/mmol"))).isEqualTo(MET);
            assertThat(outcome("IGAN-PROTEINURIA", "IGAN", Facts.girl().lab("UPCR", 5, 56.5, "mg/mmol"))).isEqualTo(NOT_MET);
            assertThat(outcome("IGAN-PROTEINURIA", "IGAN", Facts.girl())).isEqualTo(UNKNOWN);
            assertThat(outcome("IGAN-SUPPORTIVE", "IGAN", Facts.girl().med("Ramipril", "C09AA05", 2.5, "mg", 1.0, 89, null, null))).as("90 days inclusive")
                    .isEqualTo(MET);
            assertThat(outcome("IGAN-SUPPORTIVE", "IGAN", Facts.girl().med("Ramipril", "C09AA05", 2.5, "mg", 1.0, 88, null, null))).isEqualTo(NOT_MET);
            assertThat(outcome("IGAN-SUPPORTIVE", "IGAN", Facts.girl())).isEqualTo(UNKNOWN);
        }
    }
}
