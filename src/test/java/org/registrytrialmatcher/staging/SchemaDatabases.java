package org.registrytrialmatcher.staging;

import javax.sql.DataSource;

import org.registrytrialmatcher.job.PostgresSchemas;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** A new database with the project's schema: an in-memory HSQLDB, or a new schema on the test PostgreSQL server. */
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
        new StagingSchema(ds).afterPropertiesSet();
        return ds;
    }
}
