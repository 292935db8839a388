package org.registrytrialmatcher.output;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * How many children of a run each cohort has per status, and how many are new on its list:
 * one pass over the run's results, not a pass per cohort and status.
 */
public final class CohortCounts {
    private final Map<String, Long> counts = new HashMap<>();

    private CohortCounts() {
    }

    public static CohortCounts of(JdbcTemplate jdbc, long runId) {
        CohortCounts c = new CohortCounts();
        jdbc.query("SELECT cohort, status, new_since_last, COUNT(*) FROM cohort_result WHERE run_id = ? GROUP BY cohort, status, new_since_last",
                (RowCallbackHandler) rs -> {
                    long n = rs.getLong(4);
                    c.counts.merge(rs.getString(1) + "\n" + rs.getString(2), n, Long::sum);
                    if ("Y".equals(rs.getString(3))) c.counts.merge(rs.getString(1) + "\nNEW", n, Long::sum);
                }, runId);
        return c;
    }

    /** Children of the cohort with the status (CANDIDATE, POSSIBLE, EXCLUDED). */
    public long status(String cohort, String status) {
        return counts.getOrDefault(cohort + "\n" + status, 0L);
    }

    /** Listed children of the cohort who were not on its list in the previous run. */
    public long newOnList(String cohort) {
        return counts.getOrDefault(cohort + "\nNEW", 0L);
    }
}
