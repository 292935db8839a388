package org.registrytrialmatcher.rules;

import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.PatientFacts;

/** One typed rule kind (or a finding within a rule): what it concludes about a patient in a cohort, and why. */
public interface Check {
    Finding check(PatientFacts facts, CohortDefinition cohort);
}
