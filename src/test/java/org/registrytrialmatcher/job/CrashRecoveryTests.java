package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrytrialmatcher.RegistryTrialMatcherApplication;
import org.registrytrialmatcher.run.RunArguments;
import org.registrytrialmatcher.run.RunParameters;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.ingest.StagingWriter;
import org.registrytrialmatcher.staging.PacketSegments;
import org.registrytrialmatcher.staging.StagedPacketCodec;
import org.registrytrialmatcher.synthetic.SyntheticExportGenerator;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The job in a child JVM, killed for real (kill -9 or SIGTERM) at points in ingest, linking,
 * evaluation and output writing, then started again with the same arguments: the stale
 * execution is recovered, the run resumes, and its outputs are byte-identical to an
 * uninterrupted run (manifest timestamps aside), with no row lost or doubled. Two starts at
 * once: the second refuses. Run once per database by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrashRecoveryTests {
    static final List<String> OUTPUTS = OutputFunctionalTest.OUTPUTS;

    @TempDir
    static Path work;

    Path exports;
    Path reference;
    /** How long the uninterrupted run took, start-up included, in milliseconds. */
    long referenceMillis;

    /** Database options for one test's database, {@code name} telling tests apart. */
    abstract List<String> databaseArgs(String name);

    List<String> args(String name, Path out, String runDate) {
        List<String> args = new ArrayList<>(List.of("--trial=jobs/rd06-05", "--run-date=" + runDate, "--out=" + out,
                "--source=rheum:" + exports.resolve("rheum"), "--source=nephro:" + exports.resolve("nephro"),
                "--rtm.progress-interval-seconds=0", "--rtm.chunk-size=500", "--rtm.linking.chunk-size=50"));
        args.addAll(databaseArgs(name));
        return args;
    }

    @BeforeAll
    void anUninterruptedRun() throws Exception {
        exports = work.resolve("exports");
        new SyntheticExportGenerator(61L, LocalDate.of(2026, 11, 25), 0.02).generate(350, exports);
        reference = work.resolve("reference");
        long start = System.nanoTime();
        ChildRun run = ChildRun.start(args("reference", reference, "2026-11-25"), work.resolve("reference.log"));
        assertThat(run.await()).as(run.log()).isZero();
        referenceMillis = (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest(name = "kill -9 at \"{0}\"")
    @ValueSource(strings = {"ingestFile:ingest:rheum:labs: ", "Step checkStagedRows started", "linkPatients: ", "evaluateChildren:",
            "Step writeRationale started", "Step writeReport started"})
    void killedAtAPointItResumesToTheSameOutputs(String marker) throws Exception {
        String name = "kill" + Math.abs(marker.hashCode());
        Path out = work.resolve(name);
        ChildRun first = ChildRun.start(args(name, out, "2026-11-25"), work.resolve(name + "-1.log"));
        assertThat(first.awaitLog(marker, 300)).as("reached " + marker + ":\n" + first.log()).isTrue();
        first.kill();

        ChildRun second = ChildRun.start(args(name, out, "2026-11-25"), work.resolve(name + "-2.log"));
        assertThat(second.await()).as(second.log()).isZero();
        assertThat(second.log()).contains("Recovering execution").contains("Resuming the run of 2026-11-25");
        assertSameOutputs(out);
    }

    /**
     * Spring Batch creates the job instance and its first execution in two transactions; a kill
     * between them (CI's random kill once hit it) left an instance that failed every later start.
     * The crash state is built with the application's own job repository on the test's database.
     */
    @Test
    void killedBetweenCreatingTheRunAndItsFirstExecutionItStartsAfresh() throws Exception {
        String name = "orphanInstance";
        Path out = work.resolve(name);
        List<String> runArgs = args(name, out, "2026-11-25");
        createRunInstance(runArgs, (repository, orphan, parameters) -> assertThat(repository.getJobExecutions(orphan)).isEmpty());

        ChildRun run = ChildRun.start(runArgs, work.resolve(name + ".log"));
        assertThat(run.await()).as(run.log()).isZero();
        assertThat(run.log()).contains("left without an execution").doesNotContain("Cannot find any job execution");
        assertSameOutputs(out);
    }

    /**
     * A file's counts are committed with each chunk: Spring Batch saves a partition as COMPLETED
     * before its afterStep listeners run, and counts written only there were lost by a kill in
     * between (CI's random kill hit it: every later start then failed the manifest's count check).
     * Killed mid-file, the committed counts match the rows the committed chunks staged and rejected.
     */
    @Test
    void killedMidFileTheCommittedCountsMatchTheCommittedRows() throws Exception {
        String name = "countsPerChunk";
        Path out = work.resolve(name);
        List<String> runArgs = args(name, out, "2026-11-25");
        ChildRun first = ChildRun.start(runArgs, work.resolve(name + "-1.log"));
        assertThat(first.awaitLog("ingestFile:ingest:rheum:labs: 1000 rows", 300)).as(first.log()).isTrue();
        first.kill();

        try (ConfigurableApplicationContext context = applicationWithoutTheCommand(runArgs)) {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            Map<String, Object> labs = jdbc.queryForMap("SELECT rows_read, rows_staged, file_name FROM input_file WHERE src = 'rheum' AND kind = 'labs'");
            long runId = jdbc.queryForObject("SELECT run_id FROM input_file WHERE src = 'rheum' AND kind = 'labs'", Long.class);
            JobRepository repository = context.getBean(JobRepository.class);
            long committedLength = repository.getLastStepExecution(repository.getLastJobInstance("nightlyRun"), "ingestFile:ingest:rheum:labs")
                    .getExecutionContext().getLong(StagingWriter.SEGMENT_KEY, 0L);
            long staged = stagedLabRowsReadingEveryPacketBack(jdbc, runId,
                    PacketSegments.besideDatabase(context.getEnvironment().getProperty("spring.datasource.url")), committedLength);
            // the committed chunks' rejected rows: one packet row each, with its count
            long rejected = jdbc.queryForObject("SELECT COALESCE(SUM(row_count), 0) FROM ingest_reject_packet WHERE src = 'rheum' AND file_name = ?",
                    Long.class, labs.get("file_name"))
                    + jdbc.queryForObject("SELECT COUNT(*) FROM ingest_reject WHERE src = 'rheum' AND file_name = ?", Long.class, labs.get("file_name"));
            assertThat(staged).as("rows the committed chunks staged").isGreaterThanOrEqualTo(500);
            assertThat(labs.get("rows_staged")).as("rows_staged").isNotNull();
            assertThat(((Number) labs.get("rows_staged")).longValue()).isEqualTo(staged);
            assertThat(labs.get("rows_read")).as("rows_read").isNotNull();
            assertThat(((Number) labs.get("rows_read")).longValue()).isEqualTo(staged + rejected);
        }

        ChildRun second = ChildRun.start(runArgs, work.resolve(name + "-2.log"));
        assertThat(second.await()).as(second.log()).isZero();
        assertSameOutputs(out);
    }

    /**
     * The ingest step hands rows through in blocks ({@link RowBlocks}); its metadata still count
     * rows: each file's partition of the uninterrupted run read and wrote as many rows as the file
     * had (input_file), and committed them in chunks of the configured 500 rows.
     */
    @Test
    void theIngestPartitionsCountRowsAndCommitChunksOfTheConfiguredRows() {
        try (ConfigurableApplicationContext context = applicationWithoutTheCommand(args("reference", reference, "2026-11-25"))) {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            JobRepository repository = context.getBean(JobRepository.class);
            JobInstance run = repository.getLastJobInstance("nightlyRun");
            List<Map<String, Object>> files = jdbc.queryForList("SELECT src, kind, rows_read FROM input_file");
            assertThat(files).hasSize(12);
            long largest = 0;
            for (Map<String, Object> file : files) {
                String partition = "ingestFile:ingest:" + file.get("src") + ":" + file.get("kind");
                long rows = ((Number) file.get("rows_read")).longValue();
                StepExecution step = repository.getLastStepExecution(run, partition);
                assertThat(step).as(partition).isNotNull();
                assertThat(step.getReadCount()).as(partition + " read").isEqualTo(rows);
                assertThat(step.getWriteCount()).as(partition + " written").isEqualTo(rows);
                assertThat(step.getCommitCount()).as(partition + " chunks").isEqualTo((rows + 499) / 500);
                largest = Math.max(largest, rows);
            }
            assertThat(largest).as("a file of several chunks").isGreaterThan(5 * 500);
        }
    }

    /**
     * The rheum lab rows the committed chunks of the killed file staged, each packet read back and
     * decoded to as many rows as it says it holds: on the embedded database from the file's
     * segment up to the length saved with the last committed chunk (the segment was forced to disk
     * before each chunk committed, and may hold a later chunk that never did; there is no packet
     * row), else from the packet rows.
     */
    private static long stagedLabRowsReadingEveryPacketBack(JdbcTemplate jdbc, long runId, PacketSegments segments, long committedLength) {
        long[] rows = {0, 0};
        if (segments != null) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stg_packet", Long.class)).as("packet rows beside segments").isZero();
            assertThat(committedLength).as("the segment length saved with the last committed chunk").isPositive();
            segments.forEach(runId, "rheum", RecordKind.LABS, committedLength, packet -> {
                assertThat(StagedPacketCodec.decode("rheum", packet.fileName(), '"', packet.bytes())).hasSize(packet.rowCount());
                rows[0] += packet.rowCount();
                rows[1]++;
            });
        } else {
            jdbc.query("SELECT row_count, packet FROM stg_packet WHERE run_id = ? AND src = 'rheum' AND kind = 'LABS'", rs -> {
                assertThat(StagedPacketCodec.decode("rheum", "labs.csv", '"', rs.getBytes(2))).hasSize(rs.getInt(1));
                rows[0] += rs.getInt(1);
                rows[1]++;
            }, runId);
        }
        assertThat(rows[1]).as("committed packets").isPositive();
        return rows[0];
    }

    /**
     * A database made by an earlier version, before the schema was kept in Flyway's migrations
     * (its tables, no schema history): refused with what to do, and left as it was.
     */
    @Test
    void aDatabaseOfAnEarlierVersionIsRefusedAndLeftUnchanged() throws Exception {
        String name = "earlierVersion";
        Path out = work.resolve(name);
        List<String> runArgs = args(name, out, "2026-11-25");
        String url = runArgs.stream().filter(a -> a.startsWith("--spring.datasource.url=")).map(a -> a.substring("--spring.datasource.url=".length()))
                .findFirst().orElse(null);
        String user = url == null ? "SA" : PostgresSchemas.USER;
        if (url == null) {
            String dir = runArgs.stream().filter(a -> a.startsWith("--rtm.db-dir=")).findFirst().orElseThrow().substring("--rtm.db-dir=".length());
            url = "jdbc:hsqldb:file:" + dir + "/rtm;shutdown=true";
        }
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cohort_rationale (run_id BIGINT NOT NULL, patient_ref VARCHAR(200) NOT NULL, rules_json VARCHAR(1000))");
            s.execute("INSERT INTO cohort_rationale VALUES (1, 'rheum:R001', '[]')");
        }

        ChildRun refused = ChildRun.start(runArgs, work.resolve(name + ".log"));
        assertThat(refused.await()).as(refused.log()).isEqualTo(1);
        assertThat(refused.log()).contains("the database was made by an earlier version of registry-trial-matcher")
                .contains("Start a new database").doesNotContain("\tat ");
        assertThat(out.resolve("run-manifest.json")).doesNotExist();
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
             ResultSet tables = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (tables.next()) names.add(tables.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            assertThat(names).as("nothing created or dropped").containsExactly("cohort_rationale");
            try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM cohort_rationale")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    /** What a test does to a run's job instance, with the application's own job repository. */
    interface RunInstanceState {
        void build(JobRepository repository, JobInstance instance, JobParameters parameters) throws Exception;
    }

    /** The application started without its command: its beans on the test's database. */
    private static ConfigurableApplicationContext applicationWithoutTheCommand(List<String> runArgs) {
        List<String> contextArgs = new ArrayList<>(runArgs);
        contextArgs.addAll(List.of("--rtm.command.enabled=false", "--logging.level.root=WARN"));
        return SpringApplication.run(RegistryTrialMatcherApplication.class, contextArgs.toArray(String[]::new));
    }

    /** Creates the job instance of the run {@code runArgs} name, then lets {@code state} build a crash state on it. */
    private static void createRunInstance(List<String> runArgs, RunInstanceState state) throws Exception {
        try (ConfigurableApplicationContext context = applicationWithoutTheCommand(runArgs)) {
            JobRepository repository = context.getBean(JobRepository.class);
            JobParameters parameters = RunParameters.of(RunArguments.parse(runArgs.toArray(String[]::new), LocalDate.now()));
            JobInstance instance = repository.createJobInstance(context.getBean(Job.class).getName(), parameters);
            state.build(repository, instance, parameters);
        }
    }

    @Test
    void sigtermStopsTheJobCleanlyAndItResumes() throws Exception {
        Path out = work.resolve("sigterm");
        ChildRun first = ChildRun.start(args("sigterm", out, "2026-11-25"), work.resolve("sigterm-1.log"));
        assertThat(first.awaitLog("ingestFile:ingest:rheum:labs: ", 300)).isTrue();
        assertThat(first.terminate()).isEqualTo(143);
        assertThat(first.log()).contains("stop requested (SIGTERM)").contains("ended STOPPED").doesNotContain("internal error");

        ChildRun second = ChildRun.start(args("sigterm", out, "2026-11-25"), work.resolve("sigterm-2.log"));
        assertThat(second.await()).as(second.log()).isZero();
        assertThat(second.log()).contains("previous execution").contains("ended STOPPED").doesNotContain("Recovering execution");
        assertSameOutputs(out);
    }

    @Test
    void aSecondStartAgainstTheSameDatabaseRefusesAndDoublesNothing() throws Exception {
        Path out = work.resolve("first");
        ChildRun first = ChildRun.start(args("concurrent", out, "2026-11-25"), work.resolve("concurrent-1.log"));
        assertThat(first.awaitLog("ingestFile:ingest:", 300)).isTrue();
        // Held mid-run (alive, holding its lock) so that the second start meets it however fast the first would finish.
        first.pause();
        ChildRun second = ChildRun.start(args("concurrent", work.resolve("second"), "2026-11-26"), work.resolve("concurrent-2.log"));
        int secondExit = second.await();
        first.resume();
        assertThat(secondExit).as(second.log()).isEqualTo(3);
        assertThat(second.log()).containsAnyOf("another run is in progress against this database",
                "the embedded database is in use by another run").doesNotContain("\tat ");
        assertThat(first.await()).as(first.log()).isZero();
        assertSameOutputs(out);
        assertThat(work.resolve("second")).doesNotExist();
    }

    void assertSameOutputs(Path out) throws IOException {
        for (String name : OUTPUTS) {
            assertThat(Files.readAllBytes(out.resolve(name))).as(name).isEqualTo(Files.readAllBytes(reference.resolve(name)));
        }
        JsonNode expected = NightlyRun.manifest(reference);
        JsonNode actual = NightlyRun.manifest(out);
        for (String key : List.of("input_files", "totals", "patients", "cohorts", "run_date", "trial")) {
            assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key));
        }
    }
}
