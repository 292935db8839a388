package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * Hostile input, one test each: every one ends in a completed run with every row accounted
 * for, or a clear failure naming the file (and line), never a hang, an out-of-memory error
 * or a stack trace for a data error.
 */
class HostileInputTest {
    @TempDir
    Path work;

    Path exports;

    @BeforeEach
    void copySample() throws IOException {
        exports = work.resolve("exports");
        NightlyRun.copyTree(Path.of("sample-data"), exports);
    }

    NightlyRun.Result run() {
        return NightlyRun.run(NightlyRun.hsqldbArgs(work, work.resolve("out"), "rheum:" + exports.resolve("rheum"), "nephro:" + exports.resolve("nephro")));
    }

    /** The run completed, and every file's rows add up (the manifest is only written when they do). */
    JsonNode completedWithEveryRowAccountedFor(NightlyRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("\tat ");
        JsonNode manifest = NightlyRun.manifest(work.resolve("out"));
        for (JsonNode f : manifest.get("input_files")) {
            assertThat(f.get("rows_read").asLong()).isEqualTo(f.get("loaded").asLong() + f.get("rejected").asLong() + f.get("duplicates").asLong());
        }
        return manifest;
    }

    JsonNode file(JsonNode manifest, String source, String name) {
        for (JsonNode f : manifest.get("input_files")) {
            if (f.get("source").asString().equals(source) && f.get("file").asString().equals(name)) return f;
        }
        throw new AssertionError("no " + name);
    }

    void append(String file, byte[] bytes) throws IOException {
        Files.write(exports.resolve(file), bytes, StandardOpenOption.APPEND);
    }

    /**
     * An exact duplicate is the same fields, however quoted: a lab row written again with quotes
     * is dropped as a duplicate of the first, while two rows whose quoted test names hold the
     * delimiter at different places are both loaded, and the second copy of one of them is dropped.
     */
    @Test
    void aRowQuotedDifferentlyIsStillAnExactDuplicateAndQuotedDelimitersAreNot() throws IOException {
        long lineBreaks = 0; // the sample's lines, each ended by a line break (one of them is not valid UTF-8)
        for (byte b : Files.readAllBytes(exports.resolve("rheum/labs.csv"))) if (b == '\n') lineBreaks++;
        long lines = lineBreaks;
        append("rheum/labs.csv", ("R001,2026-10-21,718-7,Hemoglobin,10.9,g/dL,11.5,15.5\r\n"
                + "\"R001\",2026-10-21,\"718-7\",Hemoglobin,\"10.9\",g/dL,11.5,15.5\r\n"
                + "R001,2026-10-22,718-7,\"Hemo,globin\",10.7,g/dL,11.5,15.5\r\n"
                + "R001,2026-10-22,718-7,\"Hemo\",\"globin,10.7\",g/dL,11.5,15.5\r\n"
                + "R001,2026-10-22,718-7,\"Hemo,globin\",\"10.7\",g/dL,11.5,15.5\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode manifest = completedWithEveryRowAccountedFor(run());
        String rejected = Files.readString(work.resolve("out/rejected.csv"));
        assertThat(rejected).contains("rheum,labs.csv," + (lines + 2) + ",exact duplicate of line " + (lines + 1) + "; dropped")
                .contains("rheum,labs.csv," + (lines + 5) + ",exact duplicate of line " + (lines + 3) + "; dropped")
                .doesNotContain("rheum,labs.csv," + (lines + 3) + ",")
                .doesNotContain("rheum,labs.csv," + (lines + 1) + ",");
        assertThat(rejected).contains("rheum,labs.csv," + (lines + 4) + ","); // "globin,10.7" is not a number: rejected, not a duplicate
        assertThat(rejected.lines().filter(l -> l.startsWith("rheum,labs.csv," + (lines + 4) + ",")).findFirst().orElseThrow())
                .doesNotContain("duplicate");
        assertThat(file(manifest, "rheum", "labs.csv").get("duplicates").asLong()).isEqualTo(3); // the sample's own, and these two
    }

    @Test
    void anEmptyFileFailsNamingIt() throws IOException {
        Files.write(exports.resolve("nephro/pathology.csv"), new byte[0]);
        NightlyRun.Result r = run();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("nephro: pathology.csv: the file is empty; expected a header with columns subject_no,biopsy_date")
                .doesNotContain("\tat ");
    }

    @Test
    void headerOnlyFilesAreEmptyExports() throws IOException {
        Files.writeString(exports.resolve("nephro/pathology.csv"), "subject_no;biopsy_date;specimen;histology;class;crescents_percent\n");
        Files.writeString(exports.resolve("rheum/biopsies.csv"), "\uFEFFpatient_id,biopsy_date,organ,diagnosis,isn_rps_class,crescents_pct");
        JsonNode manifest = completedWithEveryRowAccountedFor(run());
        assertThat(file(manifest, "nephro", "pathology.csv").get("rows_read").asLong()).isZero();
        assertThat(file(manifest, "rheum", "biopsies.csv").get("rows_read").asLong()).isZero();
    }

    @Test
    void binaryGarbageInsteadOfAFileFailsNamingIt() throws IOException {
        byte[] garbage = new byte[100_000];
        new Random(7).nextBytes(garbage);
        Files.write(exports.resolve("rheum/observations.csv"), garbage);
        NightlyRun.Result r = run();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("rheum: observations.csv:").contains("expected").doesNotContain("\tat ");
    }

    @Test
    void binaryGarbageAfterTheHeaderIsRejectedRowByRow() throws IOException {
        byte[] garbage = new byte[200_000];
        new Random(11).nextBytes(garbage);
        append("rheum/observations.csv", garbage);
        JsonNode manifest = completedWithEveryRowAccountedFor(run());
        JsonNode obs = file(manifest, "rheum", "observations.csv");
        assertThat(obs.get("rejected").asLong()).isGreaterThan(4);
        assertThat(obs.get("loaded").asLong()).isEqualTo(11);
    }

    @Test
    void aTwentyMegabyteLineIsOneRejectedRowAndMemoryStaysBounded() throws Exception {
        Path labs = exports.resolve("rheum/labs.csv");
        try (OutputStream out = Files.newOutputStream(labs, StandardOpenOption.APPEND)) {
            out.write("R001,2026-10-20,751-8,".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) out.write(chunk);
            out.write(",2.1,K/uL,,\r\n".getBytes(StandardCharsets.UTF_8));
        }
        // in a child JVM with the production heap limit
        ChildRun child = ChildRun.start(NightlyRun.hsqldbArgs(work, work.resolve("out"), "rheum:" + exports.resolve("rheum"),
                "nephro:" + exports.resolve("nephro")), work.resolve("child.log"));
        assertThat(child.await()).as(child.log()).isZero();
        JsonNode labsCounts = file(NightlyRun.manifest(work.resolve("out")), "rheum", "labs.csv");
        assertThat(labsCounts.get("rejected").asLong()).isEqualTo(13);
        List<List<String>> rejected = RejectedCsv.read(work.resolve("out"));
        assertThat(rejected).anySatisfy(row -> {
            assertThat(row.get(2)).isEqualTo("44");
            assertThat(row.get(3)).isEqualTo("test_name is 20971520 characters long; at most 255 are accepted");
            assertThat(row.get(4)).hasSizeLessThan(2100).endsWith("more characters not shown]");
        });
    }

    @Test
    void latin1TextInAUtf8ExportIsRejectedWithAReason() throws IOException {
        append("nephro/clinical.csv", "N101;05/11/2026;WEIGHT_KG;39,5;kg gew\u00e4hlt\n".getBytes(StandardCharsets.ISO_8859_1));
        completedWithEveryRowAccountedFor(run());
        assertThat(RejectedCsv.read(work.resolve("out"))).anySatisfy(row -> {
            assertThat(row.subList(0, 3)).containsExactly("nephro", "clinical.csv", "10");
            assertThat(row.get(3)).contains("not valid UTF-8");
        });
    }

    @Test
    void anUnterminatedQuoteRejectsTheRestOfTheFileAsOneRecord() throws IOException {
        append("rheum/biopsies.csv", "R001,2025-03-01,kidney,\"never closed,IV,10\r\nR001,2025-04-01,kidney,LN,IV,10\r\n".getBytes(StandardCharsets.UTF_8));
        JsonNode manifest = completedWithEveryRowAccountedFor(run());
        assertThat(file(manifest, "rheum", "biopsies.csv").get("rejected").asLong()).isEqualTo(4);
        assertThat(RejectedCsv.read(work.resolve("out"))).anySatisfy(row -> {
            assertThat(row.subList(0, 3)).containsExactly("rheum", "biopsies.csv", "7");
            assertThat(row.get(3)).startsWith("cannot be read as CSV from this line to the end of the file (2 line(s)): a quoted field is never closed");
        });
    }

    @Test
    void formulaPayloadsInTextFieldsAreNeutralisedInEveryCsv() throws IOException {
        append("rheum/diagnoses.csv", ("=HYPERLINK(\"http://x\"),M32.1,SLE,2024-01-01,active,,SLICC 2012\r\n"
                + "-2+3,M32.1,SLE,2024-01-01,active,,SLICC 2012\r\n@SUM(1),M32.1,SLE,2024-01-01,active,,SLICC 2012\r\n").getBytes(StandardCharsets.UTF_8));
        completedWithEveryRowAccountedFor(run());
        List<List<String>> rejected = RejectedCsv.read(work.resolve("out"));
        assertThat(rejected).extracting(row -> row.get(4)).contains("'=HYPERLINK(\"http://x\"),M32.1,SLE,2024-01-01,active,,SLICC 2012",
                "'-2+3,M32.1,SLE,2024-01-01,active,,SLICC 2012", "'@SUM(1),M32.1,SLE,2024-01-01,active,,SLICC 2012");
    }

    @Test
    void aHundredThousandRowsForAnUnknownPatientAreAllRejected() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 100_000; i++) rows.append("N999;01/11/2026;SPO2;").append(90 + i % 10).append(";%\n");
        append("nephro/clinical.csv", rows.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode manifest = completedWithEveryRowAccountedFor(run());
        JsonNode clinical = file(manifest, "nephro", "clinical.csv");
        assertThat(clinical.get("rows_read").asLong()).isEqualTo(100_008);
        assertThat(clinical.get("loaded").asLong()).isEqualTo(6);
        assertThat(clinical.get("duplicates").asLong() + clinical.get("rejected").asLong()).isEqualTo(100_002);
    }

    @Test
    void anOverlongIdIsRejectedNotACrash() throws IOException {
        append("rheum/patients.csv", ("P" + "9".repeat(300) + ",2012-01-01,F,,SITE-A,Y\r\n").getBytes(StandardCharsets.UTF_8));
        completedWithEveryRowAccountedFor(run());
        assertThat(RejectedCsv.read(work.resolve("out"))).anySatisfy(row ->
                assertThat(row.get(3)).isEqualTo("patient_id is 301 characters long; at most 128 are accepted"));
    }
}
