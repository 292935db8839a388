package org.registrytrialmatcher.rules;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.registrytrialmatcher.derive.Exposure;
import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.PatientFacts;

/**
 * A named group of drugs (GC, DMARDs, anti-CD20, ...). A record belongs to the class when
 * {@link DrugIdentity} says it is one of the class's drugs.
 */
public record DrugClass(String name, List<Drug> drugs, DrugIdentity identity) {

    public Optional<Drug> drugOf(Medication m) {
        return identity.of(m).filter(drugs::contains);
    }

    public List<Medication> records(PatientFacts facts) {
        return facts.medications().stream().filter(m -> drugOf(m).isPresent()).toList();
    }

    public List<Medication> records(PatientFacts facts, Drug drug) {
        return facts.medications().stream().filter(m -> drugOf(m).filter(d -> d.equals(drug)).isPresent()).toList();
    }

    /** Whether a record of this class is a single infusion (its drug is given as infusions; no doses per day, no stop date). */
    public Predicate<Medication> singleInfusion() {
        return m -> drugOf(m).map(d -> Exposure.isSingleInfusion(m, d.infusion())).orElse(false);
    }

    /** Days covered by the union of the records (of this class), a single infusion covering its start date alone. */
    public long exposureDays(List<Medication> records, java.time.LocalDate runDate) {
        return Exposure.days(records, runDate, singleInfusion());
    }
}
