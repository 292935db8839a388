package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The output half of the nightly job on real files and a real HSQLDB: golden files on the
 * sample data, byte-identical reruns, what changed between two nights, spreadsheet-safe CSV,
 * and no patient data in the logs or the batch tables.
 */
class OutputFunctionalTest {
    static final List<String> OUTPUTS = List.of("candidates-sle-ln.csv", "candidates-ssc.csv", "candidates-iim.csv", "candidates-mdr-ns.csv",
            "candidates-igan.csv", "rationale.jsonl", "rejected.csv", "report.html");

    @TempDir
    Path work;

    private NightlyRun.Result run(Path out, String runDate, Path db, String... sources) {
        List<String> args = new ArrayList<>(List.of("--trial=jobs/rd06-05", "--run-date=" + runDate, "--out=" + out, "--rtm.db-dir=" + db));
        for (String s : sources) args.add("--source=" + s);
        return NightlyRun.run(args);
    }

    @Test
    void everyOutputOfTheSampleRunMatchesItsGoldenFile() throws IOException {
        Path out = work.resolve("out");
        NightlyRun.Result r = run(out, "2026-11-25", work.resolve("db"), "rheum:sample-data/rheum", "nephro:sample-data/nephro");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        for (String name : OUTPUTS) {
            assertThat(Files.readString(out.resolve(name))).as(name).isEqualTo(Files.readString(Path.of("src/test/resources/golden/sample-" + name)));
        }
        // the outputs and nothing else: no scratch or temporary file is left behind
        try (var files = Files.list(out)) {
            List<String> expected = new java.util.ArrayList<>(OUTPUTS);
            expected.add("run-manifest.json");
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(expected);
        }
        // the report's sections come in rank order (R001, N104, R005 in SLE_LN), which is not the order of patient references
        String report = Files.readString(out.resolve("report.html"));
        int r001 = report.indexOf("<h3 id=\"SLE_LN-rheum:R001\"");
        int n104 = report.indexOf("<h3 id=\"SLE_LN-nephro:N104\"");
        int r005 = report.indexOf("<h3 id=\"SLE_LN-rheum:R005\"");
        assertThat(r001).isPositive().isLessThan(n104);
        assertThat(n104).isLessThan(r005);
        assertThat(Files.readAllLines(out.resolve("candidates-igan.csv"))).containsExactly(
                "rank,patient_ref,source_ids,age,sex,status,open_rules,evidence_date,new_since_last_run",
                "1,nephro:N103,nephro:N103,17,F,CANDIDATE,,2026-11-01,Y");
        JsonNode line = JsonMapper.builder().build().readTree(Files.readAllLines(out.resolve("rationale.jsonl")).get(0));
        assertThat(line.propertyNames()).containsExactly("patient_ref", "source_ids", "cohort", "status", "rank", "rules");
        assertThat(line.get("rules").get(0).propertyNames()).containsExactly("id", "outcome", "reason", "evidence");
    }

    @Test
    void theSameInputsAndRunDateGiveByteIdenticalOutputs() throws IOException {
        Path first = work.resolve("first");
        Path second = work.resolve("second");
        assertThat(run(first, "2026-11-25", work.resolve("db1"), "rheum:sample-data/rheum", "nephro:sample-data/nephro").exitCode()).isZero();
        assertThat(run(second, "2026-11-25", work.resolve("db2"), "rheum:sample-data/rheum", "nephro:sample-data/nephro").exitCode()).isZero();
        for (String name : OUTPUTS) {
            assertThat(Files.readAllBytes(second.resolve(name))).as(name).isEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    @Test
    void theSecondNightReportsWhoIsNewAndWhoWasDroppedAndWhy() throws IOException {
        Path exports = work.resolve("exports");
        NightlyRun.copyTree(Path.of("sample-data"), exports);
        Path db = work.resolve("db");
        String rheum = "rheum:" + exports.resolve("rheum");
        String nephro = "nephro:" + exports.resolve("nephro");
        assertThat(run(work.resolve("night1"), "2026-11-25", db, rheum, nephro).exitCode()).isZero();

        // Overnight: R001's family withdraws recontact consent; a new SSc child is registered.
        Path patients = exports.resolve("rheum/patients.csv");
        Files.writeString(patients, Files.readString(patients).replace("R001,2012-03-14,F,LK-7F3A,SITE-A,Y", "R001,2012-03-14,F,LK-7F3A,SITE-A,N")
                + "R012,2011-01-05,F,,SITE-B,Y\r\n");
        Path diagnoses = exports.resolve("rheum/diagnoses.csv");
        Files.writeString(diagnoses, Files.readString(diagnoses) + "R012,M34.0,Systemic sclerosis,2024-01-10,active,,ACR/EULAR 2013\r\n");

        Path night2 = work.resolve("night2");
        NightlyRun.Result r = run(night2, "2026-11-26", db, rheum, nephro);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Files.readAllLines(night2.resolve("candidates-ssc.csv"))).containsExactly(
                "rank,patient_ref,source_ids,age,sex,status,open_rules,evidence_date,new_since_last_run",
                "1,rheum:R002,rheum:R002,16,F,POSSIBLE,INC-ALT;INC-LVEF;INC-PULM,2026-11-01,N",
                "2,rheum:R012,rheum:R012,15,F,POSSIBLE,INC-ANC;INC-HGB;INC-PLT;INC-ALT;INC-AST;INC-BILI;INC-EGFR;INC-LVEF;INC-PULM;SSC-REFRACTORY,2024-01-10,Y");
        assertThat(Files.readString(night2.resolve("candidates-sle-ln.csv"))).doesNotContain("rheum:R001");

        JsonNode since = NightlyRun.manifest(night2).get("since_last_run");
        assertThat(since.get("previous_run").isNull()).isFalse();
        assertThat(since.get("dropped").toString()).isEqualTo("[{\"cohort\":\"SLE_LN\",\"patient_ref\":\"rheum:R001\",\"changes\":"
                + "[\"REG-RECONTACT: MET \u2192 NOT_MET, recontact consent refused in registry rheum\"]}]");
        String report = Files.readString(night2.resolve("report.html"));
        assertThat(report).contains("REG-RECONTACT: MET \u2192 NOT_MET, recontact consent refused in registry rheum");
    }

    /**
     * rheum:R011 (born 2007-06-30, linked with nephro:N109, evaluated in MDR_NS and SLE_LN) turns 20 on 2027-06-30:
     * 90 days after 2027-04-01, 91 days after 2027-03-31. No other evaluated child of the sample turns 5 or 20 then.
     */
    @Test
    void aChildWhoLeavesTheAgeWindowWithinNinetyDaysIsAnnounced() throws IOException {
        Path inWindow = work.resolve("2027-04-01");
        NightlyRun.Result r = run(inWindow, "2027-04-01", work.resolve("db"), "rheum:sample-data/rheum", "nephro:sample-data/nephro");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(NightlyRun.manifest(inWindow).get("since_last_run").get("age_window_next_90_days").toString()).isEqualTo(
                "[{\"patient_ref\":\"rheum:R011\",\"cohorts\":[\"MDR_NS\",\"SLE_LN\"],\"change\":\"leaves the age window (turns 20)\","
                        + "\"on\":\"2027-06-30\"}]");
        assertThat(Files.readString(inWindow.resolve("report.html")))
                .contains("<tr><td>rheum:R011</td><td>MDR_NS, SLE_LN</td><td>leaves the age window (turns 20)</td><td>2027-06-30</td></tr>");

        Path dayBefore = work.resolve("2027-03-31");
        r = run(dayBefore, "2027-03-31", work.resolve("db"), "rheum:sample-data/rheum", "nephro:sample-data/nephro");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(NightlyRun.manifest(dayBefore).get("since_last_run").get("age_window_next_90_days")).isEmpty();
        assertThat(Files.readString(dayBefore.resolve("report.html")))
                .contains("No evaluated child enters or leaves the age window in the next 90 days.");
    }

    @Test
    void cellsASpreadsheetWouldRunAreNeutralised() throws IOException {
        Path out = work.resolve("out");
        assertThat(run(out, "2026-11-25", work.resolve("db"), "rheum:sample-data/rheum", "nephro:sample-data/nephro").exitCode()).isZero();
        assertThat(RejectedCsv.read(out)).anySatisfy(row -> assertThat(row.get(4)).isEqualTo("'=SUM(A1:A9),2013-01-01,F,,SITE-A"));
        for (String name : OUTPUTS) {
            if (!name.endsWith(".csv")) continue;
            for (String l : Files.readAllLines(out.resolve(name))) {
                for (String cell : l.split(",")) {
                    assertThat(cell).as(name).doesNotStartWith("=").doesNotStartWith("@").doesNotStartWith("+");
                }
            }
        }
    }

    @Test
    void noPatientDataReachesTheLogsOrTheBatchTables() throws IOException, SQLException {
        Path exports = work.resolve("exports");
        NightlyRun.copyTree(Path.of("sample-data"), exports);
        String birthCanary = "2013-07-29";
        String labCanary = "987.654";
        String rawCanary = "CANARY-RAW-41d7";
        Path patients = exports.resolve("rheum/patients.csv");
        Files.writeString(patients, Files.readString(patients) + "R013," + birthCanary + ",F,,SITE-A,Y\r\nR014," + rawCanary + ",F,,SITE-A,Y\r\n");
        Path diagnoses = exports.resolve("rheum/diagnoses.csv");
        Files.writeString(diagnoses, Files.readString(diagnoses) + "R013,M32.1,Systemic lupus erythematosus,2024-01-01,active,,SLICC 2012\r\n");
        Path labs = exports.resolve("rheum/labs.csv");
        Files.write(labs, concat(Files.readAllBytes(labs), ("R013,2026-11-01,1742-6,ALT," + labCanary + ",U/L,,40\r\n").getBytes(StandardCharsets.UTF_8)));

        Path db = work.resolve("db");
        NightlyRun.Result r = NightlyRun.run(List.of("--trial=jobs/rd06-05", "--run-date=2026-11-25", "--out=" + work.resolve("out"),
                "--rtm.db-dir=" + db, "--source=rheum:" + exports.resolve("rheum"), "--source=nephro:" + exports.resolve("nephro"),
                "--logging.level.org.registrytrialmatcher=DEBUG"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Files.readString(work.resolve("out/rationale.jsonl"))).as("the canaries did reach the outputs").contains(labCanary);
        for (String canary : List.of(birthCanary, labCanary, rawCanary)) {
            assertThat(r.stdout()).doesNotContain(canary);
            assertThat(r.stderr()).doesNotContain(canary);
        }
        String batchTables = dumpBatchTables(db);
        assertThat(batchTables).contains("ingest:rheum:labs");
        for (String canary : List.of(birthCanary, labCanary, rawCanary, "R013", "R014")) {
            assertThat(batchTables).doesNotContain(canary);
        }
    }

    static String dumpBatchTables(Path db) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + db.resolve("rtm") + ";shutdown=true", "SA", "");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'BATCH_%'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            assertThat(tables).contains("BATCH_JOB_EXECUTION", "BATCH_STEP_EXECUTION_CONTEXT", "BATCH_JOB_EXECUTION_PARAMS");
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) for (int i = 1; i <= n; i++) all.append(rs.getString(i)).append('\n');
                }
            }
        }
        return all.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
