package org.registrytrialmatcher.output;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.StreamedQueryReader;

/**
 * Streams the children listed in each cohort (status other than EXCLUDED) in referral order
 * ({@link CandidateRanking#RANK_ORDER}) and numbers them 1..n within the cohort. Memory holds
 * one row. Restartable by count: a restart reads past the rows already ranked again, so the
 * numbering continues where it stood.
 */
public class ListedResultReader extends StreamedQueryReader<RankedResult> {
    static final String READ_KEY = "listed.read";

    private final long runId;
    private String cohort;
    private long rank;

    public ListedResultReader(DataSource dataSource, long runId) {
        super(dataSource, READ_KEY, "the cohort results of run " + runId);
        this.runId = runId;
    }

    @Override
    protected String sql() {
        return "SELECT cohort, patient_ref FROM cohort_result WHERE run_id = ? AND status <> 'EXCLUDED' ORDER BY cohort, " + CandidateRanking.RANK_ORDER;
    }

    @Override
    protected void bind(PreparedStatement statement) throws SQLException {
        statement.setLong(1, runId);
    }

    @Override
    protected void opened(Connection connection) {
        cohort = null;
        rank = 0;
    }

    @Override
    protected RankedResult next(ResultSet rows) throws SQLException {
        if (!rows.next()) return null;
        String c = rows.getString(1);
        if (!c.equals(cohort)) {
            cohort = c;
            rank = 0;
        }
        return new RankedResult(c, rows.getString(2), ++rank);
    }
}
