package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The ingest half of the nightly job, end to end on the shipped sample data and on broken
 * copies of it: what rejected.csv and run-manifest.json say, the accounting identity of every
 * file, linking, fail-fast on a missing file or header, resuming a failed run, and leaving a
 * completed run alone. Run once per database by the subclasses.
 */
abstract class IngestFunctionalTests {
    static final Path SAMPLE = Path.of("sample-data");

    @TempDir
    Path work;

    /** Database options for a run whose scratch space is {@code work}. */
    abstract List<String> databaseArgs(Path work);

    NightlyRun.Result run(Path out, String... sources) {
        List<String> args = new ArrayList<>(List.of("--trial=jobs/rd06-05", "--run-date=2026-11-25", "--out=" + out, "--logging.level.root=WARN"));
        for (String s : sources) args.add("--source=" + s);
        args.addAll(databaseArgs(work));
        return NightlyRun.run(args);
    }

    NightlyRun.Result runSample(Path out) {
        return run(out, "rheum:sample-data/rheum", "nephro:sample-data/nephro");
    }

    @Test
    void theSampleRunWritesEveryRejectWithItsReasonAndCountsThatAddUp() throws IOException {
        Path out = work.resolve("out");
        NightlyRun.Result result = runSample(out);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("completed: 177 rows read, 123 loaded, 50 rejected, 4 duplicates, 11 children");
        assertThat(Files.readString(out.resolve("rejected.csv")))
                .isEqualTo(Files.readString(Path.of("src/test/resources/golden/sample-rejected.csv")));

        JsonNode manifest = NightlyRun.manifest(out);
        Map<String, String> counts = new TreeMap<>();
        for (JsonNode f : manifest.get("input_files")) {
            long read = f.get("rows_read").asLong();
            assertThat(read).as(f.get("file").asString())
                    .isEqualTo(f.get("loaded").asLong() + f.get("rejected").asLong() + f.get("duplicates").asLong());
            assertThat(f.get("sha256").asString()).hasSize(64);
            counts.put(f.get("source").asString() + ":" + f.get("file").asString(),
                    read + "=" + f.get("loaded").asLong() + "+" + f.get("rejected").asLong() + "+" + f.get("duplicates").asLong());
        }
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("rheum:patients.csv", "14=7+6+1"), Map.entry("rheum:diagnoses.csv", "15=10+5+0"),
                Map.entry("rheum:labs.csv", "42=29+12+1"), Map.entry("rheum:medications.csv", "16=11+5+0"),
                Map.entry("rheum:observations.csv", "15=11+4+0"), Map.entry("rheum:biopsies.csv", "5=2+3+0"),
                Map.entry("nephro:subjects.csv", "10=6+3+1"), Map.entry("nephro:conditions.csv", "9=7+2+0"),
                Map.entry("nephro:lab_results.csv", "27=21+5+1"), Map.entry("nephro:treatments.csv", "11=9+2+0"),
                Map.entry("nephro:clinical.csv", "8=6+2+0"), Map.entry("nephro:pathology.csv", "5=4+1+0")));
        assertThat(manifest.get("input_files").get(0).get("sha256").asString())
                .isEqualTo(org.registrytrialmatcher.util.FileDigest.sha256(SAMPLE.resolve("rheum/patients.csv")));
        assertThat(manifest.get("run_date").asString()).isEqualTo("2026-11-25");
        assertThat(manifest.get("trial").get("id").asString()).isEqualTo("rd06-05");

        JsonNode patients = manifest.get("patients");
        assertThat(patients.get("patient_records").asLong()).isEqualTo(13);
        assertThat(patients.get("children").asLong()).isEqualTo(11);
        assertThat(patients.get("linked").toString())
                .isEqualTo("[{\"patient_ref\":\"rheum:R001\",\"source_ids\":[\"rheum:R001\",\"nephro:N101\"]},"
                        + "{\"patient_ref\":\"rheum:R011\",\"source_ids\":[\"rheum:R011\",\"nephro:N109\"]}]");
        assertThat(patients.get("linkage_conflicts").toString())
                .isEqualTo("[{\"patient_refs\":[\"rheum:R004\",\"nephro:N104\"],\"reason\":\"same linkage key, not merged: birth dates differ\"}]");
    }

    @Test
    void outputsAreReadableByTheOwnerOnly() throws IOException {
        Path out = work.resolve("out");
        assertThat(runSample(out).exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aMissingFileFailsTheRunNamingTheFileWithoutAStackTrace() throws IOException {
        Path exports = work.resolve("exports");
        NightlyRun.copyTree(SAMPLE, exports);
        Files.delete(exports.resolve("nephro/clinical.csv"));
        NightlyRun.Result result = run(work.resolve("out"), "rheum:" + exports.resolve("rheum"), "nephro:" + exports.resolve("nephro"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("nephro: clinical.csv: file not found in " + exports.resolve("nephro"))
                .contains("subject_no,visit_date,item,value,unit")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(work.resolve("out/rejected.csv")).doesNotExist();
    }

    @Test
    void aWrongHeaderFailsTheRunNamingTheFileAndTheExpectedColumns() throws IOException {
        Path exports = work.resolve("exports");
        NightlyRun.copyTree(SAMPLE, exports);
        Path labs = exports.resolve("rheum/labs.csv");
        // labs.csv holds a Latin-1 byte on purpose: edit it as bytes
        String text = new String(Files.readAllBytes(labs), java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(labs, text.replaceFirst("loinc", "loinc_code").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        NightlyRun.Result result = run(work.resolve("out"), "rheum:" + exports.resolve("rheum"), "nephro:" + exports.resolve("nephro"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("rheum: labs.csv: the first line is not the expected header: column(s) loinc missing"
                + " (expected columns: patient_id,collected_date,loinc,test_name,value,unit,ref_low,ref_high)")
                .doesNotContain("\tat ");
    }

    @Test
    void aFailedRunResumesToTheSameOutputsWithoutDoublingARow() throws IOException {
        Path clean = work.resolve("clean");
        assertThat(runSample(clean).exitCode()).isZero();

        // The output folder cannot be created: the run fails after ingest has committed.
        Path blocked = work.resolve("blocked");
        Files.writeString(blocked, "not a folder");
        Path out = blocked.resolve("out");
        NightlyRun.Result failed = runSample(out);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).contains("ended FAILED").contains("Start it again with the same arguments");

        Files.delete(blocked);
        NightlyRun.Result resumed = runSample(out);
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(resumed.stdout()).contains("Resuming the run of 2026-11-25").contains("177 rows read, 123 loaded, 50 rejected, 4 duplicates");
        assertThat(Files.readString(out.resolve("rejected.csv"))).isEqualTo(Files.readString(clean.resolve("rejected.csv")));
        assertThat(NightlyRun.manifest(out).get("input_files")).isEqualTo(NightlyRun.manifest(clean).get("input_files"));
    }

    @Test
    void freshRunStartsACompletedRunAgainFromScratch() throws IOException {
        Path out = work.resolve("out");
        assertThat(runSample(out).exitCode()).isZero();
        String rejected = Files.readString(out.resolve("rejected.csv"));
        long firstInstance = NightlyRun.manifest(out).get("job_instance_id").asLong();
        List<String> args = new ArrayList<>(List.of("--trial=jobs/rd06-05", "--run-date=2026-11-25", "--out=" + out, "--logging.level.root=WARN",
                "--source=rheum:sample-data/rheum", "--source=nephro:sample-data/nephro", "--fresh-run"));
        args.addAll(databaseArgs(work));
        NightlyRun.Result again = NightlyRun.run(args);
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).doesNotContain("already completed").contains("completed: 177 rows read");
        assertThat(Files.readString(out.resolve("rejected.csv"))).isEqualTo(rejected);
        assertThat(NightlyRun.manifest(out).get("job_instance_id").asLong()).as("a new run, not the old one").isNotEqualTo(firstInstance);
    }

    @Test
    void aSecondStartOfACompletedRunLeavesItsOutputsAlone() throws IOException {
        Path out = work.resolve("out");
        assertThat(runSample(out).exitCode()).isZero();
        FileTime written = Files.getLastModifiedTime(out.resolve("run-manifest.json"));
        String manifest = Files.readString(out.resolve("run-manifest.json"));

        NightlyRun.Result again = runSample(out);
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains("already completed").contains("--fresh-run");
        assertThat(Files.getLastModifiedTime(out.resolve("run-manifest.json"))).isEqualTo(written);
        assertThat(Files.readString(out.resolve("run-manifest.json"))).isEqualTo(manifest);
    }
}
