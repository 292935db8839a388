package org.registrytrialmatcher.output;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.StreamingConnections;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams every evaluated patient-cohort with its rule results, in patient then cohort order,
 * from one query over cohort_rationale and cohort_result (no query per patient). Restartable by count.
 */
public class RationaleReader implements ItemStreamReader<RationaleRecord> {
    static final String DONE_KEY = "records.done";

    private final DataSource dataSource;
    private final long runId;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private boolean hasRow;
    private long done;

    public RationaleReader(DataSource dataSource, long runId) {
        this.dataSource = dataSource;
        this.runId = runId;
    }

    @Override
    public void open(ExecutionContext context) {
        long skip = context.getLong(DONE_KEY, 0L);
        try {
            connection = StreamingConnections.open(dataSource);
            statement = connection.prepareStatement("SELECT r.patient_ref, r.cohort, c.source_ids, c.status, c.rank_no, r.rules_json"
                    + " FROM cohort_rationale r JOIN cohort_result c ON c.run_id = r.run_id AND c.cohort = r.cohort AND c.patient_ref = r.patient_ref"
                    + " WHERE r.run_id = ? ORDER BY r.patient_ref, r.cohort",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1000);
            statement.setLong(1, runId);
            rows = statement.executeQuery();
            hasRow = rows.next();
            for (long i = 0; i < skip && read() != null; i++) {
                // written and committed before a restart
            }
        } catch (SQLException e) {
            close();
            throw new ItemStreamException("cannot read the results of run " + runId + " (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public RationaleRecord read() {
        try {
            if (!hasRow) return null;
            String ref = rows.getString(1);
            String cohort = rows.getString(2);
            List<String> sourceIds = List.of(rows.getString(3).split("\\|"));
            String status = rows.getString(4);
            int rank = rows.getInt(5);
            Integer rankNo = rows.wasNull() ? null : rank;
            String rules = rows.getString(6);
            hasRow = rows.next();
            done++;
            return new RationaleRecord(ref, sourceIds, cohort, status, rankNo, rules);
        } catch (SQLException e) {
            throw new ItemStreamException("cannot read the results of run " + runId + " (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(DONE_KEY, done);
    }

    @Override
    public void close() {
        try {
            if (rows != null) rows.close();
            if (statement != null) statement.close();
            StreamingConnections.close(connection);
        } catch (SQLException e) {
            throw new ItemStreamException("cannot close the results cursor (SQLState " + e.getSQLState() + ")");
        } finally {
            rows = null;
            statement = null;
            connection = null;
        }
    }
}
