package org.registrytrialmatcher.rules;

import java.util.List;
import java.util.Locale;

import org.registrytrialmatcher.derive.Age;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.facts.PatientFacts;
import org.registrytrialmatcher.facts.PatientRecord;

/** The rule kinds that need little more than a field of the patient: consent, screening, age, drug names. */
final class SimpleChecks {
    private SimpleChecks() {
    }

    /** REG-RECONTACT: recontact consent given in the registry; a refusal in any linked registry wins. */
    record RecontactConsent() implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<Evidence> evidence = facts.records().stream().map(PatientRecord::evidence).toList();
            for (PatientRecord r : facts.records()) {
                if ("N".equals(r.consent())) return new Finding(Outcome.NOT_MET, "recontact consent refused in registry " + r.source(), evidence);
            }
            for (PatientRecord r : facts.records()) {
                if ("Y".equals(r.consent())) return new Finding(Outcome.MET, "recontact consent given in registry " + r.source(), evidence);
            }
            return new Finding(Outcome.UNKNOWN, "recontact consent not recorded", evidence, "recontact consent status in the registry");
        }
    }

    /** Only checkable at the screening visit. */
    record Screening(String text) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            return Finding.of(Outcome.SCREENING, "checked at the screening visit: " + text);
        }
    }

    /** INC-AGE: min <= age in completed years at the run date < below. */
    record AgeRange(int min, int below) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            int age = Age.completedYears(facts.birthDate(), facts.runDate());
            Evidence evidence = facts.records().get(0).evidence();
            String reason = "age " + age + " on " + facts.runDate();
            if (age < min) return Finding.of(Outcome.NOT_MET, reason + " is below " + min, evidence);
            if (age >= below) return Finding.of(Outcome.NOT_MET, reason + " is " + below + " or more", evidence);
            return Finding.of(Outcome.MET, reason + " is within " + min + " to under " + below, evidence);
        }
    }

    /** EXC-BCELL-DUAL: a drug whose name mentions every one of the words (e.g. CD19 and BCMA). */
    record DrugNameMentions(List<String> words, Outcome ifFound) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            for (Medication m : facts.medications()) {
                if (m.drugName() == null) continue;
                String name = m.drugName().toLowerCase(Locale.ROOT);
                if (words.stream().allMatch(w -> name.contains(w.toLowerCase(Locale.ROOT)))) {
                    return Finding.of(ifFound, "prior " + m.label() + " from " + m.start() + " targets " + String.join(" and ", words), m.evidence());
                }
            }
            return Finding.of(Outcome.MET, "no drug naming " + String.join(" and ", words) + " recorded");
        }
    }
}
