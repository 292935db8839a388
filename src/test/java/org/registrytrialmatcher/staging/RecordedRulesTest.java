package org.registrytrialmatcher.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrytrialmatcher.job.PostgresSchemas;
import org.registrytrialmatcher.output.RationaleReader;
import org.registrytrialmatcher.output.RationaleRecord;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recorded rules of cohort results, as bytes, on real HSQLDB and PostgreSQL databases with the
 * project's schema: a run's rules come back as written (non-ASCII text included), and
 * rationale.jsonl's reader refuses to leave out a result that has no recorded rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordedRulesTest {
    private static final String RULES = "[{\"id\":\"INC-LVEF\",\"outcome\":\"REVIEW\",\"reason\":\"LVEF 51 % \u2265 55 %? Zo\u00eb\",\"evidence\":[]}]";
    private final PostgresSchemas postgres = new PostgresSchemas();

    private DataSource database(String kind) {
        return SchemaDatabases.create(kind, postgres);
    }

    @AfterAll
    void dropSchemas() {
        postgres.dropAll();
    }

    private static void result(JdbcTemplate jdbc, long run, String cohort, String ref) {
        jdbc.update("INSERT INTO cohort_result (run_id, cohort, patient_ref, source_ids, age, sex, status, status_order, open_count)"
                + " VALUES (?, ?, ?, ?, 12, 'F', 'POSSIBLE', 2, 1)", run, cohort, ref, ref);
    }

    private static void rules(JdbcTemplate jdbc, long run, String cohort, String ref, String json) {
        jdbc.update("INSERT INTO " + RecordedRules.TABLE + " (run_id, patient_ref, cohort, rules, to_settle) VALUES (?, ?, ?, ?, ?)",
                run, ref, cohort, RecordedRules.bytes(json), RecordedRules.bytes("[null]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void aRunsRulesComeBackAsWritten(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(database(kind));
        rules(jdbc, 2, "SLE_LN", "rheum:R001", RULES);
        assertThat(RecordedRules.rulesOf(jdbc, 2, "SLE_LN", "rheum:R001")).isEqualTo(RULES);
        assertThat(RecordedRules.rulesOf(jdbc, 1, "SLE_LN", "rheum:R001")).as("no run 1").isNull();
        assertThat(RecordedRules.rulesOf(jdbc, 2, "SSC", "rheum:R001")).as("not in that cohort").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void rulesAreStoredInAFractionOfTheirSize(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(database(kind));
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"INC-").append(i).append("\",\"outcome\":\"MET\",\"reason\":\"eGFR ")
                    .append(60 + i).append(" mL/min/1.73m2 \u2265 30 on 2026-0").append(1 + i % 9)
                    .append("-1").append(i % 10).append("\",\"evidence\":[{\"file\":\"labs.csv\",\"line\":").append(1000 + i * 37).append("}]}");
        }
        String rules = json.append("]").toString();
        rules(jdbc, 5, "SLE_LN", "rheum:R001", rules);

        Integer stored = jdbc.queryForObject("SELECT OCTET_LENGTH(rules) FROM " + RecordedRules.TABLE + " WHERE run_id = 5", Integer.class);
        assertThat(stored).isLessThan(rules.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 3);
        assertThat(RecordedRules.rulesOf(jdbc, 5, "SLE_LN", "rheum:R001")).isEqualTo(rules);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void storedRulesThatDoNotDecompressAreReportedCorrupt(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(database(kind));
        byte[] stored = RecordedRules.bytes(RULES);
        jdbc.update("INSERT INTO " + RecordedRules.TABLE + " (run_id, patient_ref, cohort, rules, to_settle) VALUES (?, ?, ?, ?, ?)",
                6, "rheum:R001", "SLE_LN", java.util.Arrays.copyOf(stored, stored.length - 4), RecordedRules.bytes("[null]"));

        assertThatThrownBy(() -> RecordedRules.rulesOf(jdbc, 6, "SLE_LN", "rheum:R001")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recorded rules is corrupt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void theRationaleReaderFailsRatherThanLeaveOutAResultWithoutItsRules(String kind) {
        DataSource ds = database(kind);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        result(jdbc, 3, "SLE_LN", "rheum:R001");
        result(jdbc, 3, "SSC", "rheum:R002");
        rules(jdbc, 3, "SLE_LN", "rheum:R001", RULES);
        rules(jdbc, 3, "SSC", "rheum:R002", RULES);
        result(jdbc, 4, "SLE_LN", "rheum:R001");
        result(jdbc, 4, "SSC", "rheum:R002");
        rules(jdbc, 4, "SSC", "rheum:R002", RULES); // R001's rules of run 4 are missing

        assertThat(readAll(ds, 3)).extracting(RationaleRecord::patientRef).containsExactly("rheum:R001", "rheum:R002");
        assertThat(readAll(ds, 3).get(0).toJsonLine()).contains(RULES);
        assertThatThrownBy(() -> readAll(ds, 4)).isInstanceOf(IllegalStateException.class)
                .hasMessage("run 4: 1 of its 2 cohort results have no recorded rules; run it again from scratch with --fresh-run");
    }

    private static List<RationaleRecord> readAll(DataSource ds, long run) {
        RationaleReader reader = new RationaleReader(ds, run);
        List<RationaleRecord> records = new ArrayList<>();
        reader.open(new ExecutionContext());
        try {
            for (RationaleRecord r = reader.read(); r != null; r = reader.read()) records.add(r);
        } finally {
            reader.close();
        }
        return records;
    }
}
