package org.registrytrialmatcher.rules;

import java.util.List;
import java.util.Optional;

import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.PatientFacts;

/** A named group of drugs (GC, DMARDs, anti-CD20, ...). */
public record DrugClass(String name, List<Drug> drugs) {

    public Optional<Drug> drugOf(Medication m) {
        return drugs.stream().filter(d -> d.matches(m)).findFirst();
    }

    public List<Medication> records(PatientFacts facts) {
        return facts.medications().stream().filter(m -> drugOf(m).isPresent()).toList();
    }

    public List<Medication> records(PatientFacts facts, Drug drug) {
        return facts.medications().stream().filter(m -> drugOf(m).filter(d -> d.equals(drug)).isPresent()).toList();
    }
}
