package org.registrytrialmatcher.rules;

import java.util.List;
import java.util.Locale;

import org.registrytrialmatcher.facts.Medication;

/**
 * A drug of the trial definition: matched by any of its ATC codes (patterns) or by any of its
 * names appearing in the drug name, case-insensitively (registries leave ATC codes empty for
 * investigational products, and ATC codes get renumbered).
 */
public record Drug(String key, CodePatterns atc, List<String> names, Double prednisoneEquivalent) {

    public boolean matches(Medication m) {
        if (m.atc() != null && atc.matches(m.atc())) return true;
        if (m.drugName() == null) return false;
        String name = m.drugName().toLowerCase(Locale.ROOT);
        for (String n : names) if (name.contains(n)) return true;
        return false;
    }
}
