package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * A third registry in a layout of its own (tab-separated, other file and column names,
 * dd.MM.yyyy dates, decimal comma, German codes) is read from a profile in test resources
 * alone, side by side with rheum, and its child is linked with the rheum child.
 */
class ThirdRegistryProfileTest {
    static final String CLINIC = "src/test/resources/third-registry/clinic.yaml:src/test/resources/third-registry/export";

    @TempDir
    Path work;

    @Test
    void aThirdLayoutNeedsOnlyAProfile() throws IOException {
        Path out = work.resolve("out");
        NightlyRun.Result result = NightlyRun.run(NightlyRun.hsqldbArgs(work, out, "rheum:sample-data/rheum", CLINIC));
        assertThat(result.exitCode()).as(result.stderr()).isZero();

        JsonNode manifest = NightlyRun.manifest(out);
        StringBuilder clinic = new StringBuilder();
        for (JsonNode f : manifest.get("input_files")) {
            if (!f.get("source").asString().equals("clinic")) continue;
            clinic.append(f.get("file").asString()).append(' ').append(f.get("rows_read").asLong()).append('=')
                    .append(f.get("loaded").asLong()).append('+').append(f.get("rejected").asLong()).append('+')
                    .append(f.get("duplicates").asLong()).append('\n');
        }
        assertThat(clinic.toString()).isEqualTo("""
                persons.tsv 3=2+1+0
                problems.tsv 3=2+1+0
                results.tsv 6=4+2+0
                drugs.tsv 2=2+0+0
                vitals.tsv 2=2+0+0
                histology.tsv 1=1+0+0
                """);

        List<List<String>> rejected = RejectedCsv.read(out).stream().filter(r -> r.get(0).equals("clinic")).toList();
        assertThat(rejected).containsExactly(
                List.of("clinic", "persons.tsv", "4", "GebDatum '2013-09-01' is not a date in the format dd.MM.yyyy", "C3\t2013-09-01\tm\t\tKiel\tja"),
                List.of("clinic", "problems.tsv", "4", "patient ID is not among the loaded patients of persons.tsv (missing there, or its row there was rejected)",
                        "C3\tN04.1\tNephrotisches Syndrom\t01.02.2021\t\t"),
                List.of("clinic", "results.tsv", "6", "unit 'IU/l' is not known for ALT (not in the unit spellings of profile clinic)", "C2\t03.11.2026\tALAT\t35\tIU/l\t45"),
                List.of("clinic", "results.tsv", "7", "Datum '3/11/2026' is not a date in the format dd.MM.yyyy", "C2\t3/11/2026\tHB\t12,5\tg/dl\t"));

        assertThat(manifest.get("patients").get("linked").toString())
                .isEqualTo("[{\"patient_ref\":\"rheum:R001\",\"source_ids\":[\"rheum:R001\",\"clinic:C1\"]}]");
    }
}
