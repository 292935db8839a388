package org.registrytrialmatcher.staging;

import java.sql.SQLException;
import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * JDBC batch writes whose failures carry no row content. A driver's BatchUpdateException
 * quotes the statement with its values (patient data); what is raised instead names the
 * table, the number of rows and the SQLState, and drops the cause, so that neither the log
 * nor the EXIT_MESSAGE of the batch tables can receive the values.
 */
public final class SafeBatch {
    private SafeBatch() {
    }

    public static void update(JdbcTemplate jdbc, String sql, List<Object[]> rows, String table) {
        if (rows.isEmpty()) return;
        try {
            jdbc.batchUpdate(sql, rows);
        } catch (DataAccessException e) {
            throw new IllegalStateException("cannot write " + rows.size() + " row(s) to " + table + " (SQLState " + sqlState(e) + ")");
        }
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) return s.getSQLState();
        }
        return "unknown";
    }
}
