package org.registrytrialmatcher.job;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same ingest functional tests on PostgreSQL (127.0.0.1:5432, database test), each in a
 * schema of its own. PostgreSQL must be running: .ci/run starts it; this test never skips.
 */
class PostgresIngestFunctionalTest extends IngestFunctionalTests {
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @BeforeAll
    static void requirePostgres() {
        SCHEMAS.requireServer();
    }

    @AfterAll
    static void dropSchemas() {
        SCHEMAS.dropAll();
    }

    private final Map<Path, List<String>> schemaOfTest = new HashMap<>();

    /** One schema per test: every run of a test shares its database, as nightly runs do. */
    @Override
    List<String> databaseArgs(Path work) {
        return schemaOfTest.computeIfAbsent(work, w -> SCHEMAS.argsForNewSchema());
    }
}
