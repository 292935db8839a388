package org.registrytrialmatcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registrytrialmatcher.facts.Outcome.MET;
import static org.registrytrialmatcher.facts.Outcome.NOT_MET;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Medication;

/**
 * Which drug a medication record is (screening-rules.md, Clarifications, "Drug identity"): a
 * known ATC code decides; a record without one is identified by name, as whole words, the
 * longest matching name winning. Walks the trial definition, not a hand list.
 */
class DrugIdentityTest {
    private static final TrialDefinition TRIAL = RuleOutcomesTest.TRIAL;
    private static final DrugIdentity IDENTITY = TRIAL.drugs();

    private static Medication record(String name, String atc) {
        return new Medication(name, atc, 10.0, "mg", 1.0, LocalDate.of(2026, 1, 1), null, null,
                new Evidence("rheum", "medications.csv", 2, LocalDate.of(2026, 1, 1), "o", "n"));
    }

    private static Optional<String> drugOf(String name, String atc) {
        return IDENTITY.of(record(name, atc)).map(Drug::key);
    }

    /** Every pair of the definition's drugs where a name of one stands inside a name of the other. */
    @Test
    void everyPairOfDrugsWhoseNamesOverlapIsToldApartByName() {
        List<String> checked = new ArrayList<>();
        for (Drug inner : IDENTITY.drugs()) {
            for (Drug outer : IDENTITY.drugs()) {
                if (inner == outer) continue;
                for (String innerName : inner.names()) {
                    for (String outerName : outer.names()) {
                        if (!outerName.contains(innerName)) continue;
                        checked.add(innerName + " in " + outerName);
                        assertThat(drugOf(outerName, null)).as("'" + outerName + "' without a code").contains(outer.key());
                        assertThat(drugOf(outerName.toUpperCase(Locale.ROOT) + " 500 mg", "")).as("'" + outerName + "', upper case, empty code")
                                .contains(outer.key());
                        assertThat(drugOf(innerName, null)).as("'" + innerName + "' without a code").contains(inner.key());
                    }
                }
            }
        }
        assertThat(checked).as("the definition has overlapping names to tell apart").contains("prednisolone in methylprednisolone");
    }

    @Test
    void everyNameAndEveryPlainAtcCodeOfTheDefinitionIdentifiesItsOwnDrug() {
        for (Drug d : IDENTITY.drugs()) {
            for (String name : d.names()) assertThat(drugOf(name, null)).as(name).contains(d.key());
            for (String code : d.atc().toString().split(", ")) {
                if (code.isEmpty() || code.endsWith("*")) continue;
                assertThat(drugOf("unnamed", code)).as(code).contains(d.key());
            }
        }
    }

    @Test
    void methylprednisoloneIsNotPrednisoloneWithOrWithoutItsCode() {
        assertThat(drugOf("methylprednisolone", "H02AB04")).contains("methylprednisolone");
        assertThat(drugOf("methylprednisolone", null)).contains("methylprednisolone");
        assertThat(drugOf("Methylprednisolone sodium succinate IV", "")).contains("methylprednisolone");
        assertThat(drugOf("Solu-Medrol", null)).as("brand, hyphenated").contains("methylprednisolone");
        assertThat(drugOf("prednisolone", null)).contains("prednisolone");
        assertThat(drugOf("prednisolone", "H02AB06")).contains("prednisolone");
    }

    @Test
    void aNameMatchesOnlyAsWholeWords() {
        assertThat(drugOf("mycophenolate mofetil", null)).contains("mycophenolate");
        assertThat(drugOf("prednisolone-acetate eye drops", null)).contains("prednisolone");
        assertThat(drugOf("xprednisolone", null)).as("inside a longer word").isEmpty();
        assertThat(drugOf("anti-CD19 CAR T cells", null)).as("car-t as the words car t").contains("cd19-bcma-car-t");
    }

    @Test
    void aRenumberedAtcCodeIsIdentifiedByName() {
        assertThat(drugOf("Rituximab", "L01XC02")).as("rituximab's former code").contains("rituximab");
        assertThat(drugOf("MabThera", "L01XC02")).contains("rituximab");
        assertThat(drugOf("unnamed biologic", "L01XC02")).isEmpty();
    }

    @Test
    void aKnownCodeDecidesOverTheText() {
        assertThat(drugOf("prednisolone", "H02AB04")).as("code of methylprednisolone, text prednisolone").contains("methylprednisolone");
        assertThat(drugOf("methylprednisolone", "H02AB06")).as("code of prednisolone, text methylprednisolone").contains("prednisolone");
        assertThat(drugOf("rituximab", "L04AA26")).as("code of belimumab").contains("belimumab");
        assertThat(drugOf("enalapril", "C09AA02")).as("a code under a pattern").contains("ras-blocker");
    }

    /** The methylprednisolone of the issue: 16 mg x2 for a 40 kg child is 1 mg/kg/day only with methylprednisolone's factor 1.25. */
    @Test
    void methylprednisolonePulsesCountWithTheirOwnPrednisoneEquivalence() {
        Facts child = Facts.girl().obs("WEIGHT", 200, 40, "kg")
                .med("methylprednisolone", "H02AB04", 16.0, "mg", 2.0, 180, 120, "COMPLETED");
        Finding f = RuleOutcomesTest.eval("SLE-REFRACTORY", "SLE_LN", child.med("hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 400, null, null)
                .med("mycophenolate mofetil", "L04AA06", 500.0, "mg", 2.0, 400, null, null)
                .med("azathioprine", "L04AX01", 50.0, "mg", 1.0, 400, null, null));
        assertThat(f.outcome()).isEqualTo(MET);
        assertThat(f.reason()).contains("1 mg/kg/day prednisone equivalent");
        Facts sameWithoutCode = Facts.girl().obs("WEIGHT", 200, 40, "kg")
                .med("methylprednisolone", null, 16.0, "mg", 2.0, 180, 120, "COMPLETED")
                .med("hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 400, null, null)
                .med("mycophenolate mofetil", "L04AA06", 500.0, "mg", 2.0, 400, null, null)
                .med("azathioprine", "L04AX01", 50.0, "mg", 1.0, 400, null, null);
        assertThat(RuleOutcomesTest.outcome("SLE-REFRACTORY", sameWithoutCode)).isEqualTo(MET);
        Facts prednisoloneSameDose = Facts.girl().obs("WEIGHT", 200, 40, "kg")
                .med("prednisolone", null, 16.0, "mg", 2.0, 180, 120, "COMPLETED")
                .med("hydroxychloroquine", "P01BA02", 200.0, "mg", 1.0, 400, null, null)
                .med("mycophenolate mofetil", "L04AA06", 500.0, "mg", 2.0, 400, null, null)
                .med("azathioprine", "L04AX01", 50.0, "mg", 1.0, 400, null, null);
        assertThat(RuleOutcomesTest.outcome("SLE-REFRACTORY", prednisoloneSameDose)).as("0.8 mg/kg/day").isEqualTo(NOT_MET);
    }
}
