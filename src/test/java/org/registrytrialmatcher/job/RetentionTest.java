package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Retention over several nights on the same database, HSQLDB and PostgreSQL: staged rows only
 * for the newest completed runs, results only within the days kept, and the embedded database's
 * files within bounds night after night.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTest {
    @TempDir
    Path work;

    private final PostgresSchemas postgres = new PostgresSchemas();

    @AfterAll
    void dropSchemas() {
        postgres.dropAll();
    }

    private List<String> database(String kind, String name) {
        return kind.equals("postgres") ? postgres.argsForNewSchema() : List.of("--rtm.db-dir=" + work.resolve(name));
    }

    private JdbcTemplate jdbc(String kind, List<String> databaseArgs, String name) {
        if (kind.equals("postgres")) {
            String url = databaseArgs.get(0).substring("--spring.datasource.url=".length());
            return new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), url, PostgresSchemas.USER, ""));
        }
        return new JdbcTemplate(new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(),
                "jdbc:hsqldb:file:" + work.resolve(name).resolve("rtm") + ";shutdown=true", "SA", ""));
    }

    private void night(List<String> databaseArgs, LocalDate runDate, String... retention) {
        List<String> args = new ArrayList<>(List.of("--trial=jobs/rd06-05", "--run-date=" + runDate, "--out=" + work.resolve("out-" + runDate + "-"
                + System.nanoTime()), "--source=rheum:sample-data/rheum", "--source=nephro:sample-data/nephro", "--logging.level.root=WARN"));
        args.addAll(databaseArgs);
        args.addAll(List.of(retention));
        NightlyRun.Result r = NightlyRun.run(args);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    private static List<Long> runsWithRows(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("SELECT DISTINCT run_id FROM " + table + " ORDER BY run_id", Long.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void stagedRowsAreKeptForTheNewestRunsAndResultsForTheDaysKept(String kind) throws IOException {
        String name = "nights-" + kind;
        List<String> db = database(kind, name);
        LocalDate first = LocalDate.of(2026, 11, 25);
        for (int i = 0; i < 3; i++) night(db, first.plusDays(i));
        JdbcTemplate jdbc = jdbc(kind, db, name);
        List<Long> runs = jdbc.queryForList("SELECT run_id FROM run_info ORDER BY run_id", Long.class);
        assertThat(runs).hasSize(3);
        assertThat(runsWithRows(jdbc, "stg_patient")).as("staged rows of the newest run only (the default)").containsExactly(runs.get(2));
        assertThat(runsWithRows(jdbc, "child")).containsExactly(runs.get(2));
        assertThat(runsWithRows(jdbc, "cohort_result")).as("results within 400 days").isEqualTo(runs);
        assertThat(runsWithRows(jdbc, "ingest_reject_packet")).isEqualTo(runs);

        night(db, first.plusDays(3), "--keep-staging-runs=2");
        runs = jdbc.queryForList("SELECT run_id FROM run_info ORDER BY run_id", Long.class);
        assertThat(runsWithRows(jdbc, "stg_patient")).as("the two newest").containsExactly(runs.get(2), runs.get(3));
        night(db, first.plusDays(4), "--keep-staging-runs=2");
        runs = jdbc.queryForList("SELECT run_id FROM run_info ORDER BY run_id", Long.class);
        assertThat(runsWithRows(jdbc, "stg_patient")).as("the two newest").containsExactly(runs.get(3), runs.get(4));

        // the night of 2026-12-01 keeps results dated from 2026-11-28 on
        night(db, first.plusDays(6), "--keep-results-days=3");
        List<java.sql.Date> dates = jdbc.queryForList("SELECT run_date FROM run_info ORDER BY run_date", java.sql.Date.class);
        assertThat(dates).extracting(java.sql.Date::toLocalDate)
                .containsExactly(LocalDate.of(2026, 11, 28), LocalDate.of(2026, 11, 29), LocalDate.of(2026, 12, 1));
        runs = jdbc.queryForList("SELECT run_id FROM run_info ORDER BY run_id", Long.class);
        assertThat(runsWithRows(jdbc, "stg_patient")).containsExactly(runs.get(2));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_instance", Integer.class)).as("Spring Batch's record of the runs kept").isEqualTo(3);
        for (String table : List.of("cohort_result", "cohort_rules", "input_file", "ingest_reject_packet")) {
            assertThat(runsWithRows(jdbc, table)).as(table).isSubsetOf(runs).contains(runs.get(2));
        }
        if (kind.equals("hsqldb")) {
            try (Stream<Path> segments = Files.list(work.resolve(name).resolve("rtm.packets"))) {
                assertThat(segments.map(p -> p.getFileName().toString())).as("packet segments of the newest run's staging only")
                        .containsExactly("run-" + runs.get(2));
            }
        }
    }

    /** With results kept one day, ten nights on the same exports leave the files within 10 % of their size after two. */
    @Test
    void theEmbeddedDatabaseStaysWithinBoundsNightAfterNight() throws IOException {
        List<String> db = database("hsqldb", "bounded");
        LocalDate first = LocalDate.of(2026, 11, 25);
        long afterTwo = 0;
        for (int i = 0; i < 10; i++) {
            night(db, first.plusDays(i), "--keep-results-days=1");
            if (i == 1) afterTwo = size(work.resolve("bounded"));
        }
        long afterTen = size(work.resolve("bounded"));
        assertThat(afterTen).as("after two nights: " + afterTwo + " bytes").isLessThanOrEqualTo(afterTwo + afterTwo / 10);
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
