package org.registrytrialmatcher.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's cohort-dense profile: every child has the disease of one of RD06-05's cohorts; the standard profile does not. */
class CohortDenseExportsTest {
    private static final List<String> COHORT_CODES = List.of("M32", "M33", "M34", "N04", "N02.8", "N02.B");

    @TempDir
    Path work;

    @Test
    void everyChildOfACohortDenseExportHasACohortsDisease() throws IOException {
        Path dense = work.resolve("dense");
        new SyntheticExportGenerator(7, LocalDate.of(2026, 11, 25), 0, true).generate(300, dense);
        assertThat(withoutACohortDisease(dense, "rheum", "patients.csv", "diagnoses.csv", ",")).isEmpty();
        assertThat(withoutACohortDisease(dense, "nephro", "subjects.csv", "conditions.csv", ";")).isEmpty();

        Path standard = work.resolve("standard");
        new SyntheticExportGenerator(7, LocalDate.of(2026, 11, 25), 0, false).generate(300, standard);
        assertThat(withoutACohortDisease(standard, "rheum", "patients.csv", "diagnoses.csv", ",")).as("arthritis alone").isNotEmpty();
        assertThat(withoutACohortDisease(standard, "nephro", "subjects.csv", "conditions.csv", ";")).as("kidney disease alone").isNotEmpty();
    }

    /** The patients of a registry's export with no diagnosis of a cohort's disease (IDs are the first column of both files). */
    private static Set<String> withoutACohortDisease(Path exports, String registry, String patients, String diagnoses, String delimiter) throws IOException {
        Set<String> all = new HashSet<>();
        assertThat(exports.resolve(registry).resolve(patients)).isNotEmptyFile();
        List<String> lines = Files.readAllLines(exports.resolve(registry).resolve(patients));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) all.add(line.split(delimiter, -1)[0].replace("\uFEFF", ""));
        }
        for (String line : Files.readAllLines(exports.resolve(registry).resolve(diagnoses))) {
            String[] fields = line.split(delimiter, -1);
            if (fields.length > 1 && COHORT_CODES.stream().anyMatch(fields[1]::startsWith)) all.remove(fields[0]);
        }
        return all;
    }
}
