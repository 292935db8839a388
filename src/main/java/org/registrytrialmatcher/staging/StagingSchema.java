package org.registrytrialmatcher.staging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the pipeline's own tables (staging, rejects, input files, links) when the
 * application starts, with the same portable DDL on HSQLDB and PostgreSQL. Idempotent.
 */
@Component
public class StagingSchema implements InitializingBean {
    private final JdbcTemplate jdbc;

    public StagingSchema(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * The DDL on a database whose binary column type is {@code binaryType} ({@code BYTEA} on
     * PostgreSQL, {@code VARBINARY(n)} elsewhere).
     */
    public static List<String> ddl(String binaryType) {
        List<String> ddl = new ArrayList<>();
        StagingTable patients = StagingTable.PATIENTS;
        ddl.add(patients.createTableSql());
        ddl.add("CREATE INDEX IF NOT EXISTS " + patients.tableName() + "_patient ON " + patients.tableName() + " (run_id, src, patient_id)");
        // Fact records: one row per patient, file and chunk (see StagedPacketCodec), found by kind and patient. Kind before
        // patient: each file's packets are inserted in order at the end of their own part of the key, so the embedded
        // database's index walk meets the packets it has just written, not the cold (kilobytes-long) packets of other
        // files of the same patient.
        ddl.add("CREATE TABLE IF NOT EXISTS " + PACKETS + " (run_id BIGINT NOT NULL, src VARCHAR(64) NOT NULL, patient_id VARCHAR(128) NOT NULL,"
                + " kind VARCHAR(16) NOT NULL, file_name VARCHAR(255) NOT NULL, first_line BIGINT NOT NULL, last_line BIGINT NOT NULL,"
                + " row_count INTEGER NOT NULL, packet " + binaryType + " NOT NULL, PRIMARY KEY (run_id, src, kind, patient_id, first_line))");
        // still_staged = 'Y': a staged row that a cross-row check rejected; it stays in its packet and is not loaded.
        // Keyed in rejected.csv's order (a source's order and a file's order name it within a run): the file is written
        // straight from the key, without sorting the rejects first.
        ddl.add("CREATE TABLE IF NOT EXISTS ingest_reject (run_id BIGINT NOT NULL, src VARCHAR(64) NOT NULL, src_order INTEGER NOT NULL,"
                + " file_name VARCHAR(255) NOT NULL, file_order INTEGER NOT NULL, line_no BIGINT NOT NULL, category VARCHAR(16) NOT NULL,"
                + " reason VARCHAR(1000) NOT NULL, raw VARCHAR(4000), still_staged CHAR(1) DEFAULT 'N' NOT NULL,"
                + " PRIMARY KEY (run_id, src_order, file_order, line_no))");
        // The rows the ingest rejected, one row per chunk and file (see RejectPackets), in the same key order.
        ddl.add(RejectPackets.createTableSql(binaryType));
        ddl.add("CREATE TABLE IF NOT EXISTS input_file (run_id BIGINT NOT NULL, src VARCHAR(64) NOT NULL, src_order INTEGER NOT NULL,"
                + " kind VARCHAR(16) NOT NULL, file_order INTEGER NOT NULL, file_name VARCHAR(255) NOT NULL, sha256 CHAR(64) NOT NULL,"
                + " size_bytes BIGINT NOT NULL, rows_read BIGINT, rows_staged BIGINT, ignored_columns VARCHAR(1000), PRIMARY KEY (run_id, src, file_name))");
        ddl.add("CREATE TABLE IF NOT EXISTS patient_link (run_id BIGINT NOT NULL, src VARCHAR(64) NOT NULL, src_order INTEGER NOT NULL,"
                + " patient_id VARCHAR(128) NOT NULL, patient_ref VARCHAR(200) NOT NULL, link_status VARCHAR(16) NOT NULL,"
                + " PRIMARY KEY (run_id, src, patient_id))");
        ddl.add("CREATE INDEX IF NOT EXISTS patient_link_ref ON patient_link (run_id, patient_ref)");
        // Every child of a run numbered 1..n in order of patient reference: evaluation partitions are ranges of these numbers.
        ddl.add("CREATE TABLE IF NOT EXISTS child (run_id BIGINT NOT NULL, child_no BIGINT NOT NULL, patient_ref VARCHAR(200) NOT NULL,"
                + " PRIMARY KEY (run_id, child_no))");
        ddl.add("CREATE INDEX IF NOT EXISTS child_ref ON child (run_id, patient_ref)");
        ddl.add("CREATE TABLE IF NOT EXISTS link_conflict (run_id BIGINT NOT NULL, conflict_no INTEGER NOT NULL,"
                + " patient_refs VARCHAR(1000) NOT NULL, reason VARCHAR(255) NOT NULL, PRIMARY KEY (run_id, conflict_no))");
        ddl.add("CREATE TABLE IF NOT EXISTS cohort_result (run_id BIGINT NOT NULL, cohort VARCHAR(32) NOT NULL, patient_ref VARCHAR(200) NOT NULL,"
                + " source_ids VARCHAR(1000) NOT NULL, age INTEGER NOT NULL, sex CHAR(1) NOT NULL, status VARCHAR(16) NOT NULL, status_order INTEGER NOT NULL,"
                + " open_rules VARCHAR(2000), open_count INTEGER NOT NULL, evidence_date DATE, rank_no INTEGER, new_since_last CHAR(1),"
                + " age_change VARCHAR(64), age_change_on DATE, PRIMARY KEY (run_id, cohort, patient_ref))");
        ddl.add("CREATE INDEX IF NOT EXISTS cohort_result_rank ON cohort_result (run_id, cohort, rank_no)");
        // The rationale of each cohort result, apart from the small rows that ranking updates, as UTF-8 JSON. rules: every
        // rule's id, outcome, reason and evidence, as rationale.jsonl shows them; to_settle: for each rule, what would settle
        // it, or null. Bytes, not text: the embedded database decodes a text column character by character.
        ddl.add("CREATE TABLE IF NOT EXISTS " + RecordedRules.TABLE + " (run_id BIGINT NOT NULL, patient_ref VARCHAR(200) NOT NULL,"
                + " cohort VARCHAR(32) NOT NULL, rules " + binaryType + " NOT NULL, to_settle " + binaryType + " NOT NULL,"
                + " PRIMARY KEY (run_id, patient_ref, cohort))");
        ddl.add("CREATE TABLE IF NOT EXISTS run_info (run_id BIGINT NOT NULL, trial_id VARCHAR(64) NOT NULL, run_date DATE NOT NULL,"
                + " previous_run_id BIGINT, completed_at TIMESTAMP, PRIMARY KEY (run_id))");
        return ddl;
    }

    /** The table of staged packets. */
    public static final String PACKETS = "stg_packet";

    @Override
    public void afterPropertiesSet() {
        boolean postgres = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c ->
                c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")));
        for (String statement : ddl(postgres ? "BYTEA" : "VARBINARY(16777216)")) {
            if (!exists(postgres, statement)) jdbc.execute(statement);
        }
        addColumn(postgres, "input_file", "rows_staged", "BIGINT");
        addColumn(postgres, "ingest_reject", "still_staged", "CHAR(1) DEFAULT 'N' NOT NULL");
        // age_change, age_change_on: whether the child enters or leaves the age window soon (AgeWindowChange), as evaluated
        addColumn(postgres, "cohort_result", "age_change", "VARCHAR(64)");
        addColumn(postgres, "cohort_result", "age_change_on", "DATE");
    }

    /**
     * Whether the table or index a DDL statement creates is already there. Checked in the catalogue
     * rather than left to IF NOT EXISTS: on PostgreSQL, CREATE INDEX IF NOT EXISTS first locks the
     * table, and would wait behind a run in progress instead of letting this start find the run lock
     * taken and say so.
     */
    private boolean exists(boolean postgres, String statement) {
        String[] words = statement.split("\\s+");
        String name = words[5].toLowerCase(Locale.ROOT);
        String sql;
        if (words[1].equals("TABLE")) {
            sql = "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = ?" + (postgres ? " AND table_schema = current_schema()" : "");
        } else if (postgres) {
            sql = "SELECT COUNT(*) FROM pg_indexes WHERE indexname = ? AND schemaname = current_schema()";
        } else {
            sql = "SELECT COUNT(*) FROM information_schema.system_indexinfo WHERE LOWER(index_name) = ?";
        }
        Integer found = jdbc.queryForObject(sql, Integer.class, name);
        return found != null && found > 0;
    }

    /** Adds a column that a database made by an earlier version lacks. */
    private void addColumn(boolean postgres, String table, String column, String type) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.columns WHERE LOWER(table_name) = ?"
                + " AND LOWER(column_name) = ?" + (postgres ? " AND table_schema = current_schema()" : ""), Integer.class, table, column);
        if (found == null || found == 0) {
            jdbc.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
        }
    }
}
