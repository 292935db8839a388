package org.registrytrialmatcher.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/**
 * A child's labs of one analyte as the rules read them: newest first, on the same date in the
 * order they were added (first source first, then the later line), undated last; and a lab
 * added after a rule asked is in the next answer.
 */
class PatientFactsTest {
    private static final LocalDate RUN = LocalDate.of(2026, 11, 25);

    private static Lab lab(String analyte, LocalDate date, double value, long line) {
        return new Lab(analyte, date, "QUANTITY", null, value, null, "mg/dL", null, null,
                new Evidence("rheum", "labs.csv", line, date, value + " mg/dL", value + " mg/dL"));
    }

    @Test
    void labsOfAnAnalyteComeNewestFirstAndFollowLabsAddedLater() {
        PatientFacts facts = new PatientFacts("P-1", RUN);
        facts.labs().add(lab("CREAT", LocalDate.of(2026, 1, 5), 0.8, 2));
        facts.labs().add(lab("ALT", LocalDate.of(2026, 6, 1), 30, 3));
        facts.labs().add(lab("CREAT", LocalDate.of(2026, 6, 1), 0.9, 4));
        facts.labs().add(lab("CREAT", LocalDate.of(2026, 6, 1), 1.0, 5));
        facts.labs().add(lab("CREAT", null, 1.1, 6));

        assertThat(facts.labs("CREAT")).extracting(l -> l.evidence().line()).containsExactly(4L, 5L, 2L, 6L);
        assertThat(facts.labs("ALT")).extracting(l -> l.evidence().line()).containsExactly(3L);
        assertThat(facts.labs("ANC")).isEmpty();
        assertThat(facts.latestLab("CREAT")).get().extracting(Lab::value).isEqualTo(0.9);

        facts.labs().add(lab("CREAT", LocalDate.of(2026, 11, 1), 1.4, 7));
        facts.labs().add(lab("ANC", LocalDate.of(2026, 11, 1), 2.5, 8));

        assertThat(facts.labs("CREAT")).extracting(l -> l.evidence().line()).containsExactly(7L, 4L, 5L, 2L, 6L);
        assertThat(facts.latestLab("CREAT")).get().extracting(Lab::value).isEqualTo(1.4);
        assertThat(facts.labs("ANC")).extracting(l -> l.evidence().line()).containsExactly(8L);
    }
}
