package org.registrytrialmatcher.staging;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Connections for readers that stream a large query across many chunk transactions.
 * PostgreSQL streams a cursor only inside a transaction (autocommit off, a fetch size).
 * HSQLDB materialises a result (spilling to disk past hsqldb.result_max_memory_rows), and an
 * open read transaction would block its automatic checkpoint, and with it every writer:
 * there the connection stays in autocommit.
 */
public final class StreamingConnections {
    private StreamingConnections() {
    }

    public static Connection open(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        c.setAutoCommit(!postgres);
        c.setReadOnly(true);
        return c;
    }

    public static void close(Connection c) throws SQLException {
        if (c == null) return;
        try {
            if (!c.getAutoCommit()) c.rollback();
        } finally {
            c.setReadOnly(false);
            c.setAutoCommit(true);
            c.close();
        }
    }
}
