package org.registrytrialmatcher.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.evaluate.CohortEvaluator;
import org.registrytrialmatcher.evaluate.CohortResult;
import org.registrytrialmatcher.evaluate.CohortStatus;
import org.registrytrialmatcher.evaluate.RuleResult;
import org.registrytrialmatcher.facts.Outcome;

/** Whole-patient evaluation: cohorts entered, status, open rules, evidence date, linked children. */
class CohortEvaluationTest {
    static final CohortEvaluator EVALUATOR = new CohortEvaluator(RuleOutcomesTest.TRIAL);

    /** Everything a firm SLE candidate needs, all within its windows. */
    static Facts firmSleCandidate() {
        return Facts.girl().dx("M32.14", "SLICC 2012")
                .lab("ANC", 10, 2.5, "10*9/L").lab("HGB", 10, 120, "g/L").lab("PLT", 10, 250, "10*9/L")
                .lab("ALT", 10, 30, "U/L").lab("AST", 10, 30, "U/L").lab("TBIL", 10, 8, "umol/L")
                .lab("EGFR", 10, 95, "mL/min/{1.73_m2}").obs("LVEF", 100, 62, "%").obs("SPO2", 10, 98, "%")
                .lab("UPCR", 10, 80, "mg/mmol").biopsy(200, "KIDNEY", "lupus nephritis", "IV", 10.0)
                .med("Hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 300, 100, "INTOLERANCE")
                .text("ANA", 600, "TITER", 320.0, "1:320");
    }

    @Test
    void aFirmCandidateHasNoOpenRule() {
        List<CohortResult> results = EVALUATOR.evaluate(firmSleCandidate().get());
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.cohort()).isEqualTo("SLE_LN");
            assertThat(r.status()).isEqualTo(CohortStatus.CANDIDATE);
            assertThat(r.openRules()).isEmpty();
            assertThat(r.evidenceDate()).isEqualTo(Facts.daysAgo(10));
            assertThat(r.age()).isEqualTo(14);
            assertThat(r.rules()).extracting(RuleResult::outcome).doesNotContain(Outcome.NOT_MET, Outcome.UNKNOWN, Outcome.REVIEW);
        });
    }

    @Test
    void anOpenRuleMakesAPossibleAndAFailedRuleExcludes() {
        CohortResult possible = EVALUATOR.evaluate(firmSleCandidate().lab("ALT", 2, 200, "U/L").get()).get(0);
        assertThat(possible.status()).isEqualTo(CohortStatus.POSSIBLE);
        assertThat(possible.openRules()).containsExactly("INC-ALT");
        assertThat(possible.evidenceDate()).isEqualTo(Facts.daysAgo(2));
        CohortResult excluded = EVALUATOR.evaluate(firmSleCandidate().consent("N").get()).get(0);
        assertThat(excluded.status()).isEqualTo(CohortStatus.EXCLUDED);
    }

    @Test
    void aChildInTwoCohortsIsEvaluatedInBothWithEachCohortsRules() {
        List<CohortResult> results = EVALUATOR.evaluate(firmSleCandidate().dx("N04.1").get());
        assertThat(results).extracting(CohortResult::cohort).containsExactly("SLE_LN", "MDR_NS");
        assertThat(results.get(1).rules()).extracting(RuleResult::ruleId).contains("MDRNS-DX", "MDRNS-RESISTANCE").doesNotContain("SLE-DX");
        assertThat(results.get(1).rules().stream().filter(r -> r.ruleId().equals("EXC-AUTOIMMUNE")).findFirst().orElseThrow().outcome())
                .as("SLE is another autoimmune disease in the MDR-NS cohort").isEqualTo(Outcome.REVIEW);
        assertThat(EVALUATOR.evaluate(Facts.girl().dx("J45.9").get())).as("enters no cohort").isEmpty();
        assertThat(EVALUATOR.evaluate(Facts.girl().resolved("M32.1", 100).get())).as("only active diagnoses count").isEmpty();
    }

    @Test
    void aLinkedChildsNewestValueMayComeFromTheSecondRegistry() {
        Facts linked = firmSleCandidate().linked("nephro", "N1", "Y").from("nephro").lab("ANC", 3, 0.8, "10*9/L");
        CohortResult r = EVALUATOR.evaluate(linked.get()).get(0);
        assertThat(r.sourceIds()).containsExactly("rheum:R1", "nephro:N1");
        RuleResult anc = r.rules().stream().filter(x -> x.ruleId().equals("INC-ANC")).findFirst().orElseThrow();
        assertThat(anc.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(anc.evidence()).singleElement().satisfies(e -> assertThat(e.source()).isEqualTo("nephro"));
    }

    @Test
    void igaNephropathyIsEnteredByBiopsyAlone() {
        assertThat(EVALUATOR.evaluate(Facts.girl().biopsy(100, "KIDNEY", "IgA nephropathy", null, 5.0).get()))
                .extracting(CohortResult::cohort).containsExactly("IGAN");
        assertThat(EVALUATOR.evaluate(Facts.girl().biopsy(100, "SKIN", "IgA vasculitis", null, null).get())).isEmpty();
    }
}
