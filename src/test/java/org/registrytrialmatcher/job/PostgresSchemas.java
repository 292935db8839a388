package org.registrytrialmatcher.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh PostgreSQL schemas for tests, on the machine's server (127.0.0.1:5432, database
 * {@code test}, trust auth; override with RTM_TEST_PG_URL / RTM_TEST_PG_USER). A server that
 * cannot be reached fails the test: it is never skipped.
 */
public final class PostgresSchemas {
    public static final String URL = System.getenv().getOrDefault("RTM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("RTM_TEST_PG_USER", "postgres");

    private final List<String> created = new ArrayList<>();

    public void requireServer() {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + URL + " as " + USER
                    + " (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): " + e.getMessage(), e);
        }
    }

    public synchronized String newSchema() {
        String schema = "rtm_test_" + Long.toString(System.nanoTime(), 36);
        execute("CREATE SCHEMA " + schema);
        created.add(schema);
        return schema;
    }

    public List<String> argsForNewSchema() {
        String schema = newSchema();
        return List.of("--spring.datasource.url=" + URL + "?currentSchema=" + schema + "&reWriteBatchedInserts=true",
                "--spring.datasource.username=" + USER, "--spring.datasource.password=");
    }

    public synchronized void dropAll() {
        for (String schema : created) execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        created.clear();
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
