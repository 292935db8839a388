package org.registrytrialmatcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registrytrialmatcher.facts.Outcome.MET;
import static org.registrytrialmatcher.facts.Outcome.NOT_APPLICABLE;
import static org.registrytrialmatcher.facts.Outcome.NOT_MET;
import static org.registrytrialmatcher.facts.Outcome.REVIEW;
import static org.registrytrialmatcher.facts.Outcome.UNKNOWN;
import static org.registrytrialmatcher.rules.RuleOutcomesTest.eval;
import static org.registrytrialmatcher.rules.RuleOutcomesTest.outcome;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.evaluate.CohortResult;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Numbers;

/**
 * The readings of screening-rules.md, "Clarifications (2026-12-07)", one nested class a line,
 * each with a case on both sides of it. Drug identity has {@link DrugIdentityTest}.
 */
class ClarificationsTest {

    @Nested
    class CensoredValues {
        @Test
        void aCensoredEgfrDecidesOnlyWhenEveryValueItStandsForFallsOnOneSide() {
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 5, "<", 20, "mL/min/{1.73_m2}", null, null))).as("<20 fails >= 30").isEqualTo(REVIEW);
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 5, ">", 90, "mL/min/{1.73_m2}", null, null))).as(">90 passes >= 30").isEqualTo(MET);
            Finding undecided = eval("INC-EGFR", "SLE_LN", Facts.girl().lab("EGFR", 5, "<", 40, "mL/min/{1.73_m2}", null, null));
            assertThat(undecided.outcome()).as("<40 against >= 30").isEqualTo(UNKNOWN);
            assertThat(undecided.reason()).contains("<40").contains("decides nothing");
        }

        @Test
        void aCensoredLabAgainstALimitQuotesTheValueAsReported() {
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 5, "<", 0.5, "10*9/L", null, null))).isEqualTo(REVIEW);
            assertThat(outcome("INC-ANC", Facts.girl().lab("ANC", 5, ">", 1.0, "10*9/L", null, null))).isEqualTo(MET);
            Finding f = eval("INC-ANC", "SLE_LN", Facts.girl().labReported("ANC", 5, "<", 1.5, "10*9/L", null, "<1500 /uL"));
            assertThat(f.outcome()).isEqualTo(UNKNOWN);
            assertThat(f.reason()).contains("<1.5").contains("reported as <1500 /uL").contains("decides nothing");
        }

        @Test
        void aCensoredValueAboveAnUpperLimit() {
            // ALT limit 3 x ULN 40 = 120 U/L
            assertThat(outcome("INC-ALT", Facts.girl().lab("ALT", 5, ">", 300, "U/L", null, null))).as(">300 against <= 120").isEqualTo(REVIEW);
            assertThat(outcome("INC-ALT", Facts.girl().lab("ALT", 5, "<", 100, "U/L", null, null))).as("<100 against <= 120").isEqualTo(MET);
            Finding f = eval("INC-ALT", "SLE_LN", Facts.girl().lab("ALT", 5, ">", 100, "U/L", null, null));
            assertThat(f.outcome()).as(">100 against <= 120").isEqualTo(UNKNOWN);
            assertThat(f.reason()).contains(">100");
        }

        @Test
        void aCensoredProteinuriaDecidesRemissionOnlyOnOneSide() {
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl().dx("N04.1").lab("UPCR", 5, "<", 10, "mg/mmol", null, null))).isEqualTo(NOT_MET);
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl().dx("N04.1").lab("UPCR", 5, ">", 30, "mg/mmol", null, null))).isEqualTo(MET);
            Finding f = eval("MDRNS-ACTIVE", "MDR_NS", Facts.girl().dx("N04.1").lab("UPCR", 5, "<", 50, "mg/mmol", null, null));
            assertThat(f.outcome()).isEqualTo(UNKNOWN);
            assertThat(f.reason()).contains("<50");
        }

        @Test
        void aCensoredCd19CountAfterTherapyDecidesNothing() {
            Facts treated = Facts.girl().infusion("Rituximab", "L01FA01", 200);
            assertThat(outcome("EXC-BCELL", treated.lab("CD19", 100, "<", 150, "/uL", null, null))).isEqualTo(UNKNOWN);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 200).lab("CD19", 100, "<", 50, "/uL", null, null)))
                    .isEqualTo(NOT_MET);
        }
    }

    @Nested
    class SingleInfusions {
        @Test
        void anUndatedInfusionIsOneInfusionOnItsStartDate() {
            Finding f = eval("EXC-BCELL", "SLE_LN", Facts.girl().med("Rituximab", "L01FA01", 375.0, "mg/m2", null, 120, null, null));
            assertThat(f.outcome()).as("120 days after its only infusion: past the washout, no B-cell count").isEqualTo(UNKNOWN);
            assertThat(f.reason()).contains("last exposure " + Facts.daysAgo(120));
            assertThat(outcome("EXC-BCELL", Facts.girl().med("Rituximab", "L01FA01", 375.0, "mg/m2", 1.0, 120, null, null)))
                    .as("with doses per day it is ongoing").isEqualTo(NOT_MET);
        }

        @Test
        void aSingleInfusionCoversOneDayOfExposure() {
            Facts child = Facts.girl().dx("N04.1").med("Prednisolone", "H02AB06", 60.0, "mg", 1.0, 200, 100, null)
                    .med("Tacrolimus", "L04AD02", 2.0, "mg", 2.0, 300, 100, null)
                    .med("Rituximab", "L01FA01", 375.0, "mg/m2", null, 150, null, null);
            Finding f = eval("MDRNS-RESISTANCE", "MDR_NS", child);
            assertThat(f.outcome()).isEqualTo(MET);
            assertThat(f.reason()).contains("anti-CD20 1 days");
        }

        @Test
        void anyOtherRecordWithoutAStopDateIsOngoingAndCountsOneDoseADay() {
            Facts weeklyMethotrexate = Facts.girl().dx("M34.0").med("Methotrexate", "L04AX03", 15.0, "mg", null, 200, null, null);
            Finding ssc = eval("SSC-REFRACTORY", "SSC", weeklyMethotrexate);
            assertThat(ssc.outcome()).isEqualTo(MET);
            assertThat(ssc.reason()).contains("methotrexate exposure 201 days");
            assertThat(outcome("SSC-REFRACTORY", "SSC", Facts.girl().dx("M34.0").med("Methotrexate", "L04AX03", 15.0, "mg", null, 100, null, null)))
                    .isEqualTo(NOT_MET);
            Finding gc = eval("SLE-REFRACTORY", "SLE_LN", Facts.girl().med("Prednisolone", "H02AB06", 10.0, "mg", null, 200, null, null));
            assertThat(gc.outcome()).isEqualTo(MET);
            assertThat(gc.reason()).contains("GC ongoing at 10 mg/day");
        }
    }

    @Nested
    class ExposureOfSeveralDrugs {
        @Test
        void aDrugsExposureIsTheUnionOfItsRecordsWhateverCodeOrNameEachCarries() {
            Facts byCodeAndName = Facts.girl().dx("M34.0").med("Mycophenolate mofetil", "L04AA06", 500.0, "mg", 2.0, 300, 201, null)
                    .med("CellCept", null, 500.0, "mg", 2.0, 200, 101, null);
            Finding f = eval("SSC-REFRACTORY", "SSC", byCodeAndName);
            assertThat(f.outcome()).isEqualTo(MET);
            assertThat(f.reason()).contains("mycophenolate exposure 200 days");
            assertThat(outcome("SSC-REFRACTORY", "SSC", Facts.girl().dx("M34.0").med("CellCept", null, 500.0, "mg", 2.0, 200, 101, null)))
                    .as("either record alone is 100 days").isEqualTo(NOT_MET);
        }

        @Test
        void aClassExposureIsTheUnionOverItsDrugs() {
            Facts twoGcs = Facts.girl().dx("M33.0").med("Prednisone", "H02AB07", 20.0, "mg", 1.0, 300, 251, null)
                    .med("Methylprednisolone", null, 16.0, "mg", 1.0, 250, 201, null)
                    .med("Methotrexate", "L04AX03", 15.0, "mg", 1.0, 400, null, null)
                    .med("Azathioprine", "L04AX01", 50.0, "mg", 1.0, 400, null, null);
            Finding f = eval("IIM-REFRACTORY", "IIM", twoGcs);
            assertThat(f.outcome()).isEqualTo(MET);
            assertThat(f.reason()).contains("GC exposure 100 days");
            Facts shorter = Facts.girl().dx("M33.0").med("Prednisone", "H02AB07", 20.0, "mg", 1.0, 300, 261, null)
                    .med("Methylprednisolone", null, 16.0, "mg", 1.0, 250, 211, null)
                    .med("Methotrexate", "L04AX03", 15.0, "mg", 1.0, 400, null, null)
                    .med("Azathioprine", "L04AX01", 50.0, "mg", 1.0, 400, null, null);
            assertThat(outcome("IIM-REFRACTORY", "IIM", shorter)).as("40 + 40 days").isEqualTo(NOT_MET);
        }
    }

    @Nested
    class PrednisoneEquivalentsInEveryDoseRule {
        @Test
        void theOngoingDoseIsInPrednisoneEquivalents() {
            Finding methylpred = eval("SLE-REFRACTORY", "SLE_LN", Facts.girl().med("Methylprednisolone", "H02AB04", 5.0, "mg", 1.0, 200, null, null));
            assertThat(methylpred.outcome()).as("5 mg methylprednisolone is 6.25 mg prednisone").isEqualTo(MET);
            assertThat(methylpred.reason()).contains("6.25 mg/day prednisone equivalent");
            assertThat(outcome("SLE-REFRACTORY", Facts.girl().med("Prednisolone", "H02AB06", 5.0, "mg", 1.0, 200, null, null)))
                    .as("5 mg prednisolone is not above 5").isEqualTo(NOT_MET);
        }

        @Test
        void anOngoingDosePerKgTakesTheLatestWeightBeforeTheRunDate() {
            Facts recentWeight = Facts.girl().obs("WEIGHT", 100, 30, "kg").med("Prednisolone", "H02AB06", 0.2, "mg/kg", 1.0, 300, null, null);
            Finding f = eval("SLE-REFRACTORY", "SLE_LN", recentWeight);
            assertThat(f.outcome()).isEqualTo(MET);
            assertThat(f.reason()).contains("GC ongoing at 6 mg/day");
            Facts weightOnlyAtTheStart = Facts.girl().obs("WEIGHT", 400, 30, "kg").med("Prednisolone", "H02AB06", 0.2, "mg/kg", 1.0, 300, null, null);
            Finding unknown = eval("SLE-REFRACTORY", "SLE_LN", weightOnlyAtTheStart);
            assertThat(unknown.outcome()).as("no weight within 365 days before the run date").isEqualTo(UNKNOWN);
            assertThat(unknown.toSettle()).contains("current weight");
        }
    }

    @Nested
    class Cd19CountAfterABCellTherapy {
        @Test
        void anyCountAfterTheLastExposureCountsWhateverItsAge() {
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 200).lab("CD19", 150, 150, "/uL")))
                    .as("a count 150 days old, outside the 90-day lab window").isEqualTo(MET);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 200).lab("CD19", 210, 150, "/uL")))
                    .as("a count before the infusion").isEqualTo(UNKNOWN);
            assertThat(outcome("EXC-BCELL", Facts.girl().infusion("Rituximab", "L01FA01", 200).lab("CD19", 150, 40, "/uL").lab("CD19", 20, 150, "/uL")))
                    .as("the latest count decides").isEqualTo(MET);
        }
    }

    @Nested
    class ComputedEgfr {
        /** Creatinine 30 days ago; heights 30 days before it (150 cm) and 30 days after it (152 cm). */
        @Test
        void theHeightClosestToTheCreatinineOnATieTheEarlier() {
            Finding tie = eval("INC-EGFR", "SLE_LN", Facts.girl().lab("CREA", 30, 60, "umol/L").obs("HEIGHT", 60, 150, "cm").obs("HEIGHT", 0, 152, "cm"));
            assertThat(tie.reason()).contains("height 150 cm on " + Facts.daysAgo(60));
            Finding after = eval("INC-EGFR", "SLE_LN", Facts.girl().lab("CREA", 30, 60, "umol/L").obs("HEIGHT", 61, 150, "cm").obs("HEIGHT", 0, 152, "cm"));
            assertThat(after.reason()).as("a height after the creatinine, closer").contains("height 152 cm on " + Facts.daysAgo(0));
            assertThat(outcome("INC-EGFR", Facts.girl().lab("CREA", 30, 60, "umol/L").obs("HEIGHT", 396, 150, "cm")))
                    .as("366 days apart").isEqualTo(UNKNOWN);
            assertThat(outcome("INC-EGFR", Facts.girl().lab("CREA", 30, 60, "umol/L").obs("HEIGHT", 395, 150, "cm")))
                    .as("365 days apart").isEqualTo(MET);
        }

        @Test
        void theAgeIsDaysSinceBirthOver36525AtTheCreatininesDate() {
            LocalDate creatinine = Facts.daysAgo(30);
            double age = ChronoUnit.DAYS.between(LocalDate.parse("2012-03-14"), creatinine) / 365.25;
            Finding f = eval("INC-EGFR", "SLE_LN", Facts.girl().lab("CREA", 30, 60, "umol/L").obs("HEIGHT", 30, 150, "cm"));
            assertThat(f.reason()).contains("age " + Numbers.format(age) + " y");
        }
    }

    @Nested
    class DiagnosisCodes {
        @Test
        void aCodeWithoutAStarMatchesEveryMoreSpecificCodeBelowIt() {
            Facts oxygenated = Facts.girl().obs("SPO2", 5, 98, "%");
            assertThat(outcome("INC-PULM", oxygenated.dx("J96.10"))).as("J96.1 matches J96.10").isEqualTo(REVIEW);
            assertThat(outcome("INC-PULM", Facts.girl().obs("SPO2", 5, 98, "%").dx("J96.0"))).isEqualTo(MET);
            assertThat(outcome("EXC-AUTOIMMUNE", Facts.girl().dx("E05.01"))).as("E05.0 matches E05.01").isEqualTo(REVIEW);
            assertThat(outcome("EXC-AUTOIMMUNE", Facts.girl().dx("E05.1"))).isEqualTo(MET);
        }

        @Test
        void textTestsIgnoreCaseAndOnePassingActiveDiagnosisIsEnough() {
            assertThat(outcome("SLE-DX", Facts.girl().dx("M32.1", "slicc 2012"))).isEqualTo(MET);
            assertThat(outcome("SLE-DX", Facts.girl().dx("M32.1", "ACR 1997"))).isEqualTo(UNKNOWN);
            assertThat(outcome("SLE-DX", Facts.girl().dx("M32.1", "ACR 1997").dx("M32.14", "Eular/Acr 2019"))).isEqualTo(MET);
            assertThat(outcome("IGAN-DX", "IGAN", Facts.girl().biopsy(100, "KIDNEY", "iga nephropathy", null, null))).isEqualTo(MET);
            assertThat(outcome("IGAN-DX", "IGAN", Facts.girl().dx("N02.8").biopsy(100, "KIDNEY", "minimal change disease", null, null))).isEqualTo(UNKNOWN);
        }
    }

    @Nested
    class ActiveOrNot {
        @Test
        void infarctionCountsByItsOnsetWhateverItsStatus() {
            assertThat(outcome("EXC-CARDIAC", Facts.girl().resolvedOn("I21.9", Facts.daysAgo(100), Facts.daysAgo(50)))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-CARDIAC", Facts.girl().resolvedOn("I21.9", Facts.daysAgo(400), Facts.daysAgo(350)))).isEqualTo(MET);
        }

        @Test
        void primaryImmunodeficiencyCountsActiveOrNotAndOtherExclusionsOnlyActive() {
            assertThat(outcome("EXC-PID", Facts.girl().resolvedOn("D80.0", Facts.daysAgo(3000), Facts.daysAgo(2000)))).isEqualTo(NOT_MET);
            assertThat(outcome("EXC-PID", Facts.girl().dx("D84.821"))).as("secondary immunodeficiency").isEqualTo(MET);
            assertThat(outcome("EXC-INFECTION", Facts.girl().resolvedOn("A41.9", Facts.daysAgo(100), Facts.daysAgo(50)))).isEqualTo(MET);
            assertThat(outcome("EXC-INFECTION", Facts.girl().dx("A41.9"))).isEqualTo(NOT_MET);
        }
    }

    @Nested
    class SeveralValuesOnTheLatestDate {
        @Test
        void eachIsJudgedAndTheWorstOutcomeCitesThemAll() {
            Finding mixed = eval("INC-ANC", "SLE_LN", Facts.girl().lab("ANC", 10, 2.0, "10*9/L").lab("ANC", 10, 0.5, "10*9/L"));
            assertThat(mixed.outcome()).isEqualTo(REVIEW);
            assertThat(mixed.evidence()).hasSize(2);
            Finding good = eval("INC-ANC", "SLE_LN", Facts.girl().lab("ANC", 10, 2.0, "10*9/L").lab("ANC", 10, 1.5, "10*9/L"));
            assertThat(good.outcome()).isEqualTo(MET);
            assertThat(good.evidence()).hasSize(2);
            Finding older = eval("INC-ANC", "SLE_LN", Facts.girl().lab("ANC", 20, 0.5, "10*9/L").lab("ANC", 10, 2.0, "10*9/L"));
            assertThat(older.outcome()).as("an older value is not judged").isEqualTo(MET);
            assertThat(older.evidence()).hasSize(1);
        }

        @Test
        void inRulesOfSeveralMeasuresAndFlags() {
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl().dx("N04.1").lab("UPCR", 5, 30, "mg/mmol").lab("UPCR", 5, 10, "mg/mmol")))
                    .isEqualTo(NOT_MET);
            assertThat(outcome("MDRNS-ACTIVE", "MDR_NS", Facts.girl().dx("N04.1").lab("UPCR", 5, 30, "mg/mmol").lab("UPCR", 5, 25, "mg/mmol")))
                    .isEqualTo(MET);
            assertThat(outcome("INC-PULM", Facts.girl().obs("SPO2", 5, 98, "%").flag("HOME_OXYGEN", 5, "N").flag("HOME_OXYGEN", 5, "Y")))
                    .isEqualTo(REVIEW);
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 5, 95, "mL/min/{1.73_m2}").lab("EGFR", 5, 25, "mL/min/{1.73_m2}")))
                    .isEqualTo(REVIEW);
            assertThat(outcome("INC-EGFR", Facts.girl().lab("EGFR", 5, 95, "mL/min/{1.73_m2}").lab("EGFR", 5, 45, "mL/min/{1.73_m2}")))
                    .isEqualTo(MET);
        }
    }

    @Nested
    class QualitativeResults {
        @Test
        void aNumericAntiDsDnaWithoutAnUpperLimitIsCitedAndIgnored() {
            Finding f = eval("SLE-SEROLOGY", "SLE_LN", Facts.girl().lab("DSDNA", 100, 50, "[IU]/mL").text("ANA", 100, "QUALITATIVE", null, "NEG"));
            assertThat(f.outcome()).isEqualTo(NOT_MET);
            assertThat(f.evidence()).hasSize(2);
            assertThat(f.reason()).contains("not judged, no reference limit");
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().lab("DSDNA", 100, null, 50, "[IU]/mL", null, 20.0))).isEqualTo(MET);
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().lab("DSDNA", 100, 50, "[IU]/mL"))).as("nothing that can be judged").isEqualTo(UNKNOWN);
            assertThat(outcome("SLE-SEROLOGY", Facts.girl().text("SM", 100, "QUALITATIVE", null, "POS"))).isEqualTo(MET);
        }

        @Test
        void anEmptyRecontactConsentIsUnknown() {
            assertThat(outcome("REG-RECONTACT", Facts.girl().consent(null))).isEqualTo(UNKNOWN);
            assertThat(outcome("REG-RECONTACT", Facts.girl().consent("Y"))).isEqualTo(MET);
        }
    }

    @Nested
    class ConsentAcrossRegistries {
        @Test
        void aRefusalAnywhereExcludesAndEveryRecordedEntryMustSayYes() {
            assertThat(outcome("REG-RECONTACT", Facts.girl().linked("nephro", "N1", "N"))).isEqualTo(NOT_MET);
            assertThat(outcome("REG-RECONTACT", Facts.girl().consent("N").linked("nephro", "N1", "Y"))).isEqualTo(NOT_MET);
            assertThat(outcome("REG-RECONTACT", Facts.girl().linked("nephro", "N1", "Y"))).isEqualTo(MET);
            assertThat(outcome("REG-RECONTACT", Facts.girl().linked("nephro", "N1", null))).as("empty: not recorded").isEqualTo(MET);
            assertThat(outcome("REG-RECONTACT", Facts.girl().consent(null).linked("nephro", "N1", "Y"))).isEqualTo(MET);
            assertThat(outcome("REG-RECONTACT", Facts.girl().consent(null).linked("nephro", "N1", null))).isEqualTo(UNKNOWN);
        }
    }

    @Nested
    class LessThanThreeYears {
        @Test
        void calendarYears() {
            LocalDate onset = LocalDate.of(2020, 1, 1);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().resolvedOn("C91.0", onset, LocalDate.of(2023, 11, 25)))).isEqualTo(MET);
            assertThat(outcome("EXC-MALIGNANCY", Facts.girl().resolvedOn("C91.0", onset, LocalDate.of(2023, 11, 26)))).isEqualTo(NOT_MET);
        }
    }

    @Nested
    class LatestKidneyBiopsy {
        @Test
        void theLupusNephritisClassIsTheLatestBiopsysAlone() {
            Facts newerClassII = Facts.girl().dx("M32.14", "SLICC 2012").lab("UPCR", 10, 80, "mg/mmol")
                    .biopsy(300, "KIDNEY", "lupus nephritis", "IV", null).biopsy(100, "KIDNEY", "lupus nephritis", "II", null);
            assertThat(outcome("SLE-LN-BIOPSY", newerClassII)).isEqualTo(NOT_MET);
            Facts newerClassIV = Facts.girl().dx("M32.14", "SLICC 2012").lab("UPCR", 10, 80, "mg/mmol")
                    .biopsy(300, "KIDNEY", "lupus nephritis", "II", null).biopsy(100, "KIDNEY", "lupus nephritis", "IV", null);
            assertThat(outcome("SLE-LN-BIOPSY", newerClassIV)).isEqualTo(MET);
        }

        @Test
        void theCrescentTestIsTheLatestBiopsysAlone() {
            assertThat(outcome("EXC-RPGN", Facts.girl().biopsy(300, "KIDNEY", "lupus nephritis", "IV", 60.0).biopsy(100, "KIDNEY", "lupus nephritis", "IV", 10.0)))
                    .isEqualTo(MET);
            assertThat(outcome("EXC-RPGN", Facts.girl().biopsy(300, "KIDNEY", "lupus nephritis", "IV", 10.0).biopsy(100, "KIDNEY", "lupus nephritis", "IV", 60.0)))
                    .isEqualTo(NOT_MET);
        }

        @Test
        void aCensoredValueDecidesNoRenalInvolvement() {
            Finding f = eval("SLE-LN-BIOPSY", "SLE_LN", Facts.girl().lab("UPCR", 10, "<", 50, "mg/mmol", null, null));
            assertThat(f.outcome()).isEqualTo(UNKNOWN);
            assertThat(f.reason()).contains("<50");
            assertThat(outcome("SLE-LN-BIOPSY", Facts.girl().lab("UPCR", 10, "<", 10, "mg/mmol", null, null))).isEqualTo(NOT_APPLICABLE);
        }
    }

    @Nested
    class EvidenceDate {
        @Test
        void theMostRecentDateAmongTheEvidenceTheOutcomesCite() {
            CohortResult uncited = CohortEvaluationTest.EVALUATOR.evaluate(CohortEvaluationTest.firmSleCandidate().lab("ALB", 1, 40, "g/L").get()).get(0);
            assertThat(uncited.evidenceDate()).as("albumin is read by no rule").isEqualTo(Facts.daysAgo(10));
            CohortResult cited = CohortEvaluationTest.EVALUATOR.evaluate(CohortEvaluationTest.firmSleCandidate().lab("PLT", 1, 240, "10*9/L").get()).get(0);
            assertThat(cited.evidenceDate()).isEqualTo(Facts.daysAgo(1));
        }
    }
}
