package org.registrytrialmatcher.staging;

import java.util.Locale;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refreshes the planner statistics of tables a step has just filled in bulk. PostgreSQL plans
 * from statistics that autovacuum updates only later: right after loading millions of rows a
 * join is planned as if the tables were empty (nested loops over full scans). HSQLDB plans from
 * its indexes and needs nothing.
 */
public final class TableStatistics {
    private TableStatistics() {
    }

    public static void refresh(JdbcTemplate jdbc, String... tables) {
        boolean postgres = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c ->
                c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")));
        if (!postgres) return;
        for (String table : tables) {
            jdbc.execute("ANALYZE " + table);
        }
    }
}
