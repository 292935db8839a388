package org.registrytrialmatcher.staging;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.InitializingBean;
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

    public static List<String> ddl() {
        List<String> ddl = new ArrayList<>();
        for (StagingTable table : StagingTable.values()) {
            ddl.add(table.createTableSql());
            ddl.add("CREATE INDEX IF NOT EXISTS " + table.tableName() + "_hash ON " + table.tableName() + " (run_id, src, file_name, row_hash)");
            ddl.add("CREATE INDEX IF NOT EXISTS " + table.tableName() + "_patient ON " + table.tableName() + " (run_id, src, patient_id)");
        }
        ddl.add("CREATE TABLE IF NOT EXISTS ingest_reject (run_id BIGINT NOT NULL, src VARCHAR(64) NOT NULL, src_order INTEGER NOT NULL,"
                + " file_name VARCHAR(255) NOT NULL, file_order INTEGER NOT NULL, line_no BIGINT NOT NULL, category VARCHAR(16) NOT NULL,"
                + " reason VARCHAR(1000) NOT NULL, raw VARCHAR(4000), PRIMARY KEY (run_id, src, file_name, line_no))");
        ddl.add("CREATE TABLE IF NOT EXISTS input_file (run_id BIGINT NOT NULL, src VARCHAR(64) NOT NULL, src_order INTEGER NOT NULL,"
                + " kind VARCHAR(16) NOT NULL, file_order INTEGER NOT NULL, file_name VARCHAR(255) NOT NULL, sha256 CHAR(64) NOT NULL,"
                + " size_bytes BIGINT NOT NULL, rows_read BIGINT, ignored_columns VARCHAR(1000), PRIMARY KEY (run_id, src, file_name))");
        ddl.add("CREATE TABLE IF NOT EXISTS patient_link (run_id BIGINT NOT NULL, src VARCHAR(64) NOT NULL, src_order INTEGER NOT NULL,"
                + " patient_id VARCHAR(128) NOT NULL, patient_ref VARCHAR(200) NOT NULL, link_status VARCHAR(16) NOT NULL,"
                + " PRIMARY KEY (run_id, src, patient_id))");
        ddl.add("CREATE INDEX IF NOT EXISTS patient_link_ref ON patient_link (run_id, patient_ref)");
        ddl.add("CREATE TABLE IF NOT EXISTS link_conflict (run_id BIGINT NOT NULL, conflict_no INTEGER NOT NULL,"
                + " patient_refs VARCHAR(1000) NOT NULL, reason VARCHAR(255) NOT NULL, PRIMARY KEY (run_id, conflict_no))");
        ddl.add("CREATE TABLE IF NOT EXISTS cohort_result (run_id BIGINT NOT NULL, cohort VARCHAR(32) NOT NULL, patient_ref VARCHAR(200) NOT NULL,"
                + " source_ids VARCHAR(1000) NOT NULL, age INTEGER NOT NULL, sex CHAR(1) NOT NULL, status VARCHAR(16) NOT NULL, status_order INTEGER NOT NULL,"
                + " open_rules VARCHAR(2000), open_count INTEGER NOT NULL, evidence_date DATE, rank_no INTEGER, new_since_last CHAR(1),"
                + " PRIMARY KEY (run_id, cohort, patient_ref))");
        ddl.add("CREATE INDEX IF NOT EXISTS cohort_result_rank ON cohort_result (run_id, cohort, rank_no)");
        ddl.add("CREATE TABLE IF NOT EXISTS run_info (run_id BIGINT NOT NULL, trial_id VARCHAR(64) NOT NULL, run_date DATE NOT NULL,"
                + " previous_run_id BIGINT, completed_at TIMESTAMP, PRIMARY KEY (run_id))");
        ddl.add("CREATE TABLE IF NOT EXISTS rule_result (run_id BIGINT NOT NULL, cohort VARCHAR(32) NOT NULL, patient_ref VARCHAR(200) NOT NULL,"
                + " rule_seq INTEGER NOT NULL, rule_id VARCHAR(64) NOT NULL, outcome VARCHAR(16) NOT NULL, reason VARCHAR(20000) NOT NULL,"
                + " evidence VARCHAR(100000) NOT NULL, to_settle VARCHAR(2000), PRIMARY KEY (run_id, cohort, patient_ref, rule_seq))");
        return ddl;
    }

    @Override
    public void afterPropertiesSet() {
        for (String statement : ddl()) {
            jdbc.execute(statement);
        }
    }
}
