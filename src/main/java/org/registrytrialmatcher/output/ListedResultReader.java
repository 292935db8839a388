package org.registrytrialmatcher.output;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.StreamingConnections;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams the children listed in each cohort (status other than EXCLUDED) in referral order
 * ({@link CandidateRanking#RANK_ORDER}) and numbers them 1..n within the cohort. Memory holds
 * one row. Restartable: the rows handed out are counted at each commit, and a restart reads
 * past that many again (so the numbering continues where it stood).
 */
public class ListedResultReader implements ItemStreamReader<RankedResult> {
    static final String READ_KEY = "listed.read";

    private final DataSource dataSource;
    private final long runId;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private String cohort;
    private long rank;
    private long handedOut;

    public ListedResultReader(DataSource dataSource, long runId) {
        this.dataSource = dataSource;
        this.runId = runId;
    }

    @Override
    public void open(ExecutionContext context) {
        long skip = context.getLong(READ_KEY, 0L);
        try {
            connection = StreamingConnections.open(dataSource);
            statement = connection.prepareStatement("SELECT cohort, patient_ref FROM cohort_result WHERE run_id = ? AND status <> 'EXCLUDED'"
                    + " ORDER BY cohort, " + CandidateRanking.RANK_ORDER, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1000);
            statement.setLong(1, runId);
            rows = statement.executeQuery();
            cohort = null;
            rank = 0;
            handedOut = 0;
            while (handedOut < skip && next() != null) {
                // ranked and committed before a restart
            }
        } catch (SQLException e) {
            close();
            throw new ItemStreamException("cannot read the cohort results of run " + runId + " (SQLState " + e.getSQLState() + ")");
        }
    }

    private RankedResult next() throws SQLException {
        if (!rows.next()) return null;
        String c = rows.getString(1);
        if (!c.equals(cohort)) {
            cohort = c;
            rank = 0;
        }
        handedOut++;
        return new RankedResult(c, rows.getString(2), ++rank);
    }

    @Override
    public RankedResult read() {
        try {
            return next();
        } catch (SQLException e) {
            throw new ItemStreamException("cannot read the cohort results of run " + runId + " (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(READ_KEY, handedOut);
    }

    @Override
    public void close() {
        try {
            if (rows != null) rows.close();
            if (statement != null) statement.close();
            StreamingConnections.close(connection);
        } catch (SQLException e) {
            throw new ItemStreamException("cannot close the ranking cursor (SQLState " + e.getSQLState() + ")");
        } finally {
            rows = null;
            statement = null;
            connection = null;
        }
    }
}
