package org.registrytrialmatcher.staging;

import javax.sql.DataSource;

import org.registrytrialmatcher.job.PostgresSchemas;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** A new database with the project's schema (its Flyway migrations): an in-memory HSQLDB, or a new schema on the test PostgreSQL server. */
public final class SchemaDatabases {
    private SchemaDatabases() {
    }

    /** {@code kind}: "hsqldb" or "postgres" (whose schemas {@code postgres} drops at the end). */
    public static DataSource create(String kind, PostgresSchemas postgres) {
        DataSource ds;
        if (kind.equals("postgres")) {
            postgres.requireServer();
            ds = new SimpleDriverDataSource(new org.postgresql.Driver(), PostgresSchemas.URL + "?currentSchema=" + postgres.newSchema(),
                    PostgresSchemas.USER, "");
        } else {
            ds = new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(), "jdbc:hsqldb:mem:schema" + System.nanoTime(), "SA", "");
        }
        migrate(ds);
        return ds;
    }

    /** The schema as the application makes it: Flyway's migrations for the database's vendor. */
    public static void migrate(DataSource ds) {
        String vendor;
        try (java.sql.Connection c = ds.getConnection()) {
            vendor = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres") ? "postgresql" : "hsqldb";
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor).load().migrate();
    }
}
