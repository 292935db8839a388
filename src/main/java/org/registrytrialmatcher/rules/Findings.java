package org.registrytrialmatcher.rules;

import java.util.ArrayList;
import java.util.List;

import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.PatientFacts;

/** Several findings feeding one rule: NOT_MET over REVIEW over UNKNOWN over MET. */
record Findings(List<Check> findings) implements Check {
    @Override
    public Finding check(PatientFacts facts, CohortDefinition cohort) {
        List<Finding> results = new ArrayList<>();
        for (Check c : findings) results.add(c.check(facts, cohort));
        return Finding.combine(results);
    }
}
