package org.registrytrialmatcher.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Crash recovery on PostgreSQL, each test in a schema of its own; never skipped. */
class PostgresCrashRecoveryTest extends CrashRecoveryTests {
    final PostgresSchemas schemas = new PostgresSchemas();
    final Map<String, List<String>> byName = new HashMap<>();

    @BeforeAll
    void requirePostgres() {
        schemas.requireServer();
    }

    @AfterAll
    void dropSchemas() {
        schemas.dropAll();
    }

    @Override
    List<String> databaseArgs(String name) {
        return byName.computeIfAbsent(name, n -> schemas.argsForNewSchema());
    }
}
