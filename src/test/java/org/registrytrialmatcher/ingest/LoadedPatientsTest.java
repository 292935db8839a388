package org.registrytrialmatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrytrialmatcher.job.PostgresSchemas;
import org.registrytrialmatcher.staging.SchemaDatabases;
import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The loaded patients of a source, on real HSQLDB and PostgreSQL databases with the project's
 * schema, as the staging writer asks for them: exactly the IDs with a staged patient row of that
 * source and run, whatever their spelling (case, prefixes, non-ASCII letters, IDs whose Java
 * hash codes collide), for thousands of patients; shared by the partitions of one job execution,
 * asked from two threads at once; and no scratch file left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadedPatientsTest {
    private static final long RUN = 31;
    private final PostgresSchemas postgres = new PostgresSchemas();

    @TempDir
    Path scratch;

    @AfterAll
    void dropSchemas() {
        postgres.dropAll();
    }

    private static void stagePatients(JdbcTemplate jdbc, long run, String source, List<String> ids) {
        List<Long> lines = new ArrayList<>();
        for (long line = 2; lines.size() < ids.size(); line++) lines.add(line);
        stagePatients(jdbc, run, source, "patients.csv", ids, lines);
    }

    private static void stagePatients(JdbcTemplate jdbc, long run, String source, String file, List<String> ids, List<Long> lines) {
        List<ParsedRow> rows = new ArrayList<>();
        for (int p = 0; p < ids.size(); p++) {
            String id = ids.get(p);
            long line = lines.get(p);
            byte[] hash = new byte[16];
            hash[0] = (byte) line;
            hash[1] = (byte) (line >>> 8);
            rows.add(ParsedRow.Staged.patient(line, id + ",2014-03-02,F", hash, new Object[] {id, LocalDate.of(2014, 3, 2), "F", null, null, "Y"}));
        }
        new StagingWriter(jdbc, StagingTable.PATIENTS, run, source, 0, file, 0, null, file).write(new Chunk<>(rows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void answersExactlyTheStagedIdsOfItsSourceAndRunWhateverTheirSpelling(String kind) throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        // "Aa" and "BB" (and the four-letter pairs of them) have the same String.hashCode
        stagePatients(jdbc, RUN, "rheum", List.of("R1", "r10", "Aa", "AaBB", "Øst-7", "P 12", "R1"));
        stagePatients(jdbc, RUN, "nephro", List.of("R2", "BB"));
        stagePatients(jdbc, RUN + 1, "rheum", List.of("R3", "BBBB"));

        LoadedPatients loaded = new LoadedPatients(jdbc, RUN, "rheum", "patients.csv", scratch, LoadedPatients.PAGE_LINES);
        Set<String> asked = Set.of("R1", "r1", "R10", "r10", "R", "Aa", "BB", "AaBB", "BBAa", "BBBB", "AaAa", "Øst-7", "Ost-7", "P 12", "P12",
                "R2", "R3", "");

        assertThat(loaded.among(asked)).containsExactlyInAnyOrder("R1", "r10", "Aa", "AaBB", "Øst-7", "P 12");
        assertThat(loaded.among(List.of("R2", "R3", "BB"))).isEmpty();
        assertThat(loaded.size()).as("a patient defined twice counts twice").isEqualTo(7);
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).as("the scratch file is unlinked once open").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void thousandsOfPatientsAreJudgedOneByOne(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        int patients = LoadedPatients.MIN_SLOTS * 5 + 3;
        List<String> staged = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            asked.add("P" + p);
            if (p % 3 != 1) staged.add("P" + p); // two in three are loaded
        }
        stagePatients(jdbc, RUN, "rheum", staged);

        Set<String> answer = new LoadedPatients(jdbc, RUN, "rheum", "patients.csv", scratch, LoadedPatients.PAGE_LINES).among(asked);

        assertThat(answer).hasSize(staged.size()).isEqualTo(new HashSet<>(staged));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void thePartitionsOfOneExecutionShareASourcesTableAndAskItAtTheSameTime(String kind) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        List<String> staged = new ArrayList<>();
        for (int p = 0; p < 3000; p += 2) staged.add("S" + p);
        stagePatients(jdbc, RUN, "rheum", staged);
        LoadedPatientTables tables = new LoadedPatientTables(jdbc);

        LoadedPatients first = tables.of(7, RUN, "rheum", "patients.csv");
        assertThat(tables.of(7, RUN, "rheum", "patients.csv")).isSameAs(first);
        assertThat(tables.of(8, RUN, "rheum", "patients.csv")).as("another job execution (a restart) reads them again").isNotSameAs(first);
        assertThat(tables.of(7, RUN, "nephro", "patients.csv")).isNotSameAs(first);

        List<String> asked = new ArrayList<>();
        for (int p = 0; p < 3000; p++) asked.add("S" + p);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<String> backwards = new ArrayList<>(asked);
            Collections.reverse(backwards);
            List<Callable<Set<String>>> askers = List.of(() -> first.among(asked), () -> first.among(backwards));
            List<Future<Set<String>>> answers = threads.invokeAll(askers);
            for (Future<Set<String>> answer : answers) assertThat(answer.get()).isEqualTo(new HashSet<>(staged));
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void aSourceWithNoStagedPatientsKnowsNoOne(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        stagePatients(jdbc, RUN, "nephro", List.of("N1"));

        assertThat(new LoadedPatients(jdbc, RUN, "rheum", "patients.csv", scratch, LoadedPatients.PAGE_LINES).among(List.of("N1", "R1"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void pagesOfLinesFindEveryPatientAcrossGapsAndEmptyPagesAndNoneOfAnotherFile(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        // pages of 4 lines: 0-3, 4-7, ...; lines 2..5 span two pages, 9..23 are missing (rejected rows, a record over
        // several lines), so pages 8-11 to 20-23 hold no row or one; 28 is the page's first line, 31 its last, 32 the next page's first
        List<String> ids = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I");
        List<Long> lines = List.of(2L, 3L, 4L, 5L, 8L, 24L, 28L, 31L, 32L);
        stagePatients(jdbc, RUN, "rheum", "patients.csv", ids, lines);
        stagePatients(jdbc, RUN, "rheum", "other.csv", List.of("X"), List.of(6L)); // not the source's patient file
        stagePatients(jdbc, RUN, "nephro", "patients.csv", List.of("Y"), List.of(7L)); // another source

        LoadedPatients loaded = new LoadedPatients(jdbc, RUN, "rheum", "patients.csv", scratch, 4);

        assertThat(loaded.among(List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "X", "Y", "Z"))).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(loaded.size()).isEqualTo(9);
    }
}
