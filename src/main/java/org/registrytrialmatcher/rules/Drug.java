package org.registrytrialmatcher.rules;

import java.util.List;

/**
 * A drug of the trial definition: its ATC codes (patterns), its names (generic or brand, lower
 * case), its prednisone equivalence if it is a glucocorticoid, and whether it is given as
 * infusions (a record of it without doses per day or stop date is then one infusion on its
 * start date). Which drug a medication record is, is decided by {@link DrugIdentity} alone.
 */
public record Drug(String key, CodePatterns atc, List<String> names, Double prednisoneEquivalent, boolean infusion) {
}
