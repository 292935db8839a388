package org.registrytrialmatcher.job;

import java.nio.file.Path;
import java.util.List;

/** The ingest functional tests on the default database: an embedded HSQLDB file. */
class HsqldbIngestFunctionalTest extends IngestFunctionalTests {
    @Override
    List<String> databaseArgs(Path work) {
        return List.of("--rtm.db-dir=" + work.resolve("db"));
    }
}
