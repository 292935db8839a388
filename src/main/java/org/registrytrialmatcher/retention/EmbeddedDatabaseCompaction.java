package org.registrytrialmatcher.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * Gives the space of deleted rows back to the disk after a completed run on the embedded HSQLDB
 * database ({@code CHECKPOINT DEFRAG}: the data file is rewritten without its free space), so that
 * retention keeps the database's files within bounds, not only its rows. Run once the job has
 * ended, outside any of its transactions. Nothing to do on PostgreSQL, whose autovacuum reuses
 * the space.
 */
@Component
public class EmbeddedDatabaseCompaction {
    private final DataSource dataSource;

    public EmbeddedDatabaseCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void compact() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String url = c.getMetaData().getURL();
            if (!product.contains("hsql") || url == null || !url.startsWith("jdbc:hsqldb:file:")) return;
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT DEFRAG");
            }
        }
    }
}
