package org.registrytrialmatcher.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.synthetic.SyntheticExportGenerator;

/**
 * The benchmark reuses exports it finds under their name: they appear under it only once
 * complete, and what a stopped generation left behind is generated again, not measured.
 */
class BenchmarkExportsTest {
    @TempDir
    Path work;

    @Test
    void exportsAppearUnderTheirNameOnlyWhenCompleteAndALeftPartialGenerationIsRedone() throws IOException {
        Path exports = work.resolve("exports-40-7");
        Path partial = work.resolve("exports-40-7.partial");
        Files.createDirectories(partial.resolve("rheum"));
        Files.writeString(partial.resolve("rheum/labs.csv"), "patient_id,date,co"); // cut off by a stop
        Files.writeString(partial.resolve("left-over.txt"), "x");

        BenchmarkCommand.generateWhole(exports, 40, 7, LocalDate.of(2026, 11, 25));

        assertThat(partial).doesNotExist();
        assertThat(exports.resolve("left-over.txt")).doesNotExist();
        Path direct = work.resolve("direct");
        new SyntheticExportGenerator(7, LocalDate.of(2026, 11, 25), 0.02).generate(40, direct);
        for (String file : new String[] {"rheum/labs.csv", "rheum/patients.csv", "nephro/lab_results.csv", SyntheticExportGenerator.PLANTED_FAULTS}) {
            assertThat(Files.mismatch(exports.resolve(file), direct.resolve(file))).as(file + ": first differing byte").isEqualTo(-1L);
        }
    }
}
