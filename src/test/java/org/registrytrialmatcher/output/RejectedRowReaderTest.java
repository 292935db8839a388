package org.registrytrialmatcher.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrytrialmatcher.job.PostgresSchemas;
import org.registrytrialmatcher.staging.RejectPackets;
import org.registrytrialmatcher.staging.SafeBatch;
import org.registrytrialmatcher.staging.SchemaDatabases;
import org.registrytrialmatcher.staging.StagedRowRejection;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * rejected.csv's rows on real HSQLDB and PostgreSQL databases: the rows the ingest rejected (in
 * packets, one per chunk and file) and those of ingest_reject (rejected by a cross-row check) come
 * out as one list in source, file and line order, every row once, and a reader reopened from the
 * state saved part-way (a restart) goes on from the next row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectedRowReaderTest {
    private static final long RUN = 33;
    private final PostgresSchemas postgres = new PostgresSchemas();

    @AfterAll
    void dropSchemas() {
        postgres.dropAll();
    }

    private static void packet(JdbcTemplate jdbc, long run, String source, int sourceOrder, String file, int fileOrder, long... lines) {
        List<RejectPackets.Row> rows = new ArrayList<>();
        for (int i = lines.length - 1; i >= 0; i--) rows.add(new RejectPackets.Row(lines[i], "bad " + lines[i], i == 0 ? null : "raw " + lines[i]));
        SafeBatch.update(jdbc, RejectPackets.INSERT, List.<Object[]>of(RejectPackets.databaseRow(run, source, sourceOrder, file, fileOrder, rows)),
                RejectPackets.TABLE);
    }

    private static StagedRowRejection duplicate(String source, int sourceOrder, String file, int fileOrder, long line) {
        return new StagedRowRejection(source, sourceOrder, file, fileOrder, line, "DUPLICATE", "duplicate " + line, "dup " + line);
    }

    private static List<String> read(RejectedRowReader reader, int max) throws Exception {
        List<String> rows = new ArrayList<>();
        for (RejectedRow row; rows.size() < max && (row = reader.read()) != null; ) rows.add(row.source() + ":" + row.file() + ":" + row.line());
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void packetsAndRowsComeOutAsOneListInFileAndLineOrderAndARestartGoesOnFromTheNextRow(String kind) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        // nephro (source order 1) written first, rheum's labs in two chunks, and a later run's rows that must not appear
        packet(jdbc, RUN, "nephro", 1, "lab_results.csv", 2, 4);
        packet(jdbc, RUN, "rheum", 0, "labs.csv", 2, 12, 3, 9); // a chunk's rejects come in any order
        packet(jdbc, RUN, "rheum", 0, "labs.csv", 2, 20);
        packet(jdbc, RUN + 1, "rheum", 0, "labs.csv", 2, 5);
        StagedRowRejection.insert(jdbc, RUN, List.of(duplicate("rheum", 0, "labs.csv", 2, 10), duplicate("rheum", 0, "labs.csv", 2, 25),
                duplicate("rheum", 0, "patients.csv", 0, 7)));

        RejectedRowReader reader = new RejectedRowReader(jdbc.getDataSource(), RUN);
        reader.open(new ExecutionContext());
        RejectedRow first = reader.read();
        assertThat(first).isEqualTo(new RejectedRow("rheum", "patients.csv", 7, "duplicate 7", "dup 7"));
        assertThat(read(reader, 3)).containsExactly("rheum:labs.csv:3", "rheum:labs.csv:9", "rheum:labs.csv:10");
        ExecutionContext saved = new ExecutionContext();
        reader.update(saved);
        reader.close();

        RejectedRowReader restarted = new RejectedRowReader(jdbc.getDataSource(), RUN);
        restarted.open(saved);
        List<RejectedRow> rest = new ArrayList<>();
        for (RejectedRow row; (row = restarted.read()) != null; ) rest.add(row);
        restarted.close();
        assertThat(rest).extracting(r -> r.source() + ":" + r.file() + ":" + r.line())
                .containsExactly("rheum:labs.csv:12", "rheum:labs.csv:20", "rheum:labs.csv:25", "nephro:lab_results.csv:4");
        assertThat(rest.get(0)).isEqualTo(new RejectedRow("rheum", "labs.csv", 12, "bad 12", null)); // a row with no raw text keeps none
        assertThat(rest.get(1)).isEqualTo(new RejectedRow("rheum", "labs.csv", 20, "bad 20", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void aRunWithNoRejectedRowsReadsNone(String kind) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        packet(jdbc, RUN + 1, "rheum", 0, "labs.csv", 2, 5);
        RejectedRowReader reader = new RejectedRowReader(jdbc.getDataSource(), RUN);
        reader.open(new ExecutionContext());
        assertThat(reader.read()).isNull();
        reader.close();
    }

    /**
     * The embedded database holds a query's whole result in memory up to 20 000 rows
     * ({@code hsqldb.result_max_memory_rows}, as the application sets it), and a run has one packet
     * per chunk: reading the packets in one query held all of them, and a million-child run died of
     * an OutOfMemoryError in writeRejected under -Xmx512m. Here 60 MB of rejected rows are read by
     * a JVM of 40 MB.
     */
    @Test
    void theRejectedRowsOfARunAreReadUnderAHeapFarSmallerThanThey(@TempDir Path dir) throws Exception {
        String url = "jdbc:hsqldb:file:" + dir.resolve("rtm") + ";hsqldb.default_table_type=cached;hsqldb.tx=mvcc;hsqldb.log_size=1000"
                + ";hsqldb.result_max_memory_rows=20000;shutdown=true";
        // one connection throughout: with shutdown=true the database closes with its last connection
        SingleConnectionDataSource ds = new SingleConnectionDataSource(url, "SA", "", true);
        SchemaDatabases.migrate(ds);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        int packets = 1500;
        int rowsPerPacket = 200;
        StringBuilder raw = new StringBuilder();
        long line = 2;
        for (int p = 0; p < packets; p++) {
            List<RejectPackets.Row> rows = new ArrayList<>();
            for (int r = 0; r < rowsPerPacket; r++, line++) {
                raw.setLength(0);
                raw.append('R').append(line).append(",2024-01-19,751-8,anc,");
                while (raw.length() < 190) raw.append(Long.toString(line * 2654435761L + raw.length(), 36));
                rows.add(new RejectPackets.Row(line, "collected_date 'x' is not a date in the format yyyy-MM-dd", raw.toString()));
            }
            SafeBatch.update(jdbc, RejectPackets.INSERT, List.<Object[]>of(RejectPackets.databaseRow(RUN, "rheum", 0, "labs.csv", 2, rows)),
                    RejectPackets.TABLE);
        }
        Long stored = jdbc.queryForObject("SELECT SUM(OCTET_LENGTH(packet)) FROM " + RejectPackets.TABLE, Long.class);
        assertThat(stored).as("bytes of packets").isGreaterThan(60_000_000L);
        jdbc.execute("SHUTDOWN");
        ds.destroy();

        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx40m",
                "-cp", System.getProperty("java.class.path"), RejectedRowsUnderASmallHeap.class.getName(), url, Long.toString(RUN))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("the child finished").isTrue();
        String output = java.nio.file.Files.readString(log);
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("rows=" + (long) packets * rowsPerPacket);
    }
}
