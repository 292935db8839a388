package org.registrytrialmatcher.output;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.RecordedRules;
import org.registrytrialmatcher.staging.StreamedQueryReader;

/**
 * Streams every evaluated patient-cohort with its rule results, in patient then cohort order,
 * from one query over cohort_rules and cohort_result (no query per patient). Restartable by count.
 * At the end, checks that every cohort result of the run had its rules: a result without them
 * would otherwise be missing from rationale.jsonl without a word.
 */
public class RationaleReader extends StreamedQueryReader<RationaleRecord> {
    static final String DONE_KEY = "records.done";

    private final long runId;
    private long results;
    private long records;

    public RationaleReader(DataSource dataSource, long runId) {
        super(dataSource, DONE_KEY, "the results of run " + runId);
        this.runId = runId;
    }

    @Override
    protected String sql() {
        return "SELECT r.patient_ref, r.cohort, c.source_ids, c.status, c.rank_no, r.rules"
                + " FROM " + RecordedRules.TABLE + " r JOIN cohort_result c ON c.run_id = r.run_id AND c.cohort = r.cohort AND c.patient_ref = r.patient_ref"
                + " WHERE r.run_id = ? ORDER BY r.patient_ref, r.cohort";
    }

    @Override
    protected void bind(PreparedStatement statement) throws SQLException {
        statement.setLong(1, runId);
    }

    @Override
    protected void opened(Connection connection) throws SQLException {
        records = 0;
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM cohort_result WHERE run_id = ?")) {
            count.setLong(1, runId);
            try (ResultSet n = count.executeQuery()) {
                n.next();
                results = n.getLong(1);
            }
        }
    }

    @Override
    protected RationaleRecord next(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            if (records != results) {
                throw new IllegalStateException("run " + runId + ": " + (results - records) + " of its " + results
                        + " cohort results have no recorded rules; run it again from scratch with --fresh-run");
            }
            return null;
        }
        records++;
        String ref = rows.getString(1);
        String cohort = rows.getString(2);
        List<String> sourceIds = List.of(rows.getString(3).split("\\|"));
        String status = rows.getString(4);
        int rank = rows.getInt(5);
        Integer rankNo = rows.wasNull() ? null : rank;
        return new RationaleRecord(ref, sourceIds, cohort, status, rankNo, RecordedRules.text(rows.getBytes(6)));
    }
}
