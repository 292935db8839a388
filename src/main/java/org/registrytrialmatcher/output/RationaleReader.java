package org.registrytrialmatcher.output;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.StreamedQueryReader;

/**
 * Streams every evaluated patient-cohort with its rule results, in patient then cohort order,
 * from one query over cohort_rationale and cohort_result (no query per patient). Restartable by count.
 */
public class RationaleReader extends StreamedQueryReader<RationaleRecord> {
    static final String DONE_KEY = "records.done";

    private final long runId;

    public RationaleReader(DataSource dataSource, long runId) {
        super(dataSource, DONE_KEY, "the results of run " + runId);
        this.runId = runId;
    }

    @Override
    protected String sql() {
        return "SELECT r.patient_ref, r.cohort, c.source_ids, c.status, c.rank_no, r.rules_json"
                + " FROM cohort_rationale r JOIN cohort_result c ON c.run_id = r.run_id AND c.cohort = r.cohort AND c.patient_ref = r.patient_ref"
                + " WHERE r.run_id = ? ORDER BY r.patient_ref, r.cohort";
    }

    @Override
    protected void bind(PreparedStatement statement) throws SQLException {
        statement.setLong(1, runId);
    }

    @Override
    protected RationaleRecord next(ResultSet rows) throws SQLException {
        if (!rows.next()) return null;
        String ref = rows.getString(1);
        String cohort = rows.getString(2);
        List<String> sourceIds = List.of(rows.getString(3).split("\\|"));
        String status = rows.getString(4);
        int rank = rows.getInt(5);
        Integer rankNo = rows.wasNull() ? null : rank;
        return new RationaleRecord(ref, sourceIds, cohort, status, rankNo, rows.getString(6));
    }
}
