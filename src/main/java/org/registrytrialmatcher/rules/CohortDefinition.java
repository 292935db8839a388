package org.registrytrialmatcher.rules;

import java.util.List;
import java.util.Locale;

import org.registrytrialmatcher.facts.PatientFacts;

/**
 * A cohort of the trial: its id, name, output file, the entry condition (an active diagnosis
 * matching {@code entryDiagnoses}, or a kidney biopsy whose diagnosis mentions one of
 * {@code entryBiopsyMentions}) and its own disease codes (left out of "other autoimmune disease").
 */
public record CohortDefinition(String id, String name, String output, CodePatterns entryDiagnoses,
                               List<String> entryBiopsyMentions, CodePatterns ownCodes) {

    public boolean enters(PatientFacts facts) {
        boolean byDiagnosis = facts.diagnoses().stream().anyMatch(d -> d.active() && entryDiagnoses.matches(d.code()));
        if (byDiagnosis) return true;
        return facts.biopsies().stream().anyMatch(b -> "KIDNEY".equals(b.organ()) && b.diagnosis() != null
                && entryBiopsyMentions.stream().anyMatch(m -> b.diagnosis().toLowerCase(Locale.ROOT).contains(m.toLowerCase(Locale.ROOT))));
    }
}
