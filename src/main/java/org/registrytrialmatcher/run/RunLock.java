package org.registrytrialmatcher.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One run at a time against a database. On PostgreSQL a session advisory lock (per schema) is
 * held for the life of the process and released by the server when the process dies, however
 * it dies. The embedded HSQLDB file database is itself locked to the process that opened it,
 * so a second process cannot even start (see RegistryTrialMatcherApplication). Holding the
 * lock also proves that any execution still marked as running is stale and can be recovered.
 */
@Component
public class RunLock implements DisposableBean {
    private final DataSource dataSource;
    private Connection held;

    public RunLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True if this process may run now; false if another process holds the lock. */
    public synchronized boolean tryAcquire() throws SQLException {
        if (held != null) return true;
        Connection c = dataSource.getConnection();
        try {
            if (!c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                c.close();
                return true;
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(hashtext('registry-trial-matcher:' || current_schema()))")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    held = c;
                    return true;
                }
            }
            c.close();
            return false;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public synchronized void release() {
        if (held == null) return;
        try (Statement s = held.createStatement()) {
            s.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            // the server releases it anyway when the session ends
        } finally {
            try {
                held.close();
            } catch (SQLException e) {
                // closing is best effort
            }
            held = null;
        }
    }

    @Override
    public void destroy() {
        release();
    }
}
