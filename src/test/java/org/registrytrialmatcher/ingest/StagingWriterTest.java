package org.registrytrialmatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrytrialmatcher.job.PostgresSchemas;
import org.registrytrialmatcher.output.RejectedRow;
import org.registrytrialmatcher.output.RejectedRowReader;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.staging.PacketSegments;
import org.registrytrialmatcher.staging.SchemaDatabases;
import org.registrytrialmatcher.staging.StagedPacketCodec;
import org.registrytrialmatcher.staging.StagedRow;
import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The staging writer on real HSQLDB and PostgreSQL databases with the project's schema: a fact
 * row whose patient ID has no staged patient row is rejected with its line, raw text and a
 * reason naming the patient file, never staged; a loaded patient's rows are staged in a packet;
 * the count of staged rows saved with each chunk counts only those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagingWriterTest {
    private static final long RUN = 21;
    private final PostgresSchemas postgres = new PostgresSchemas();

    @AfterAll
    void dropSchemas() {
        postgres.dropAll();
    }

    private static ParsedRow.Staged patient(long line, String id) {
        return ParsedRow.Staged.patient(line, id + ",2014-03-02,F", hash(line), new Object[] {id, LocalDate.of(2014, 3, 2), "F", null, null, "Y"});
    }

    private static ParsedRow.Staged lab(long line, String patient) {
        Object[] values = new Object[StagingTable.LABS.columns().size()];
        values[StagingTable.LABS.index("patient_id")] = patient;
        values[StagingTable.LABS.index("lab_date")] = LocalDate.of(2026, 1, 5);
        String raw = patient + ",2026-01-05,CREAT,54";
        return ParsedRow.Staged.fact(line, raw, patient, new StagedPacketCodec.RowPacker().pack(line, null, raw, values));
    }

    private static byte[] hash(long n) {
        byte[] hash = new byte[16];
        for (int i = 0; i < 8; i++) hash[15 - i] = (byte) (n >>> (8 * i));
        return hash;
    }

    /** The run's rejected rows, as rejected.csv gets them. */
    private static List<RejectedRow> rejectedRows(JdbcTemplate jdbc) {
        RejectedRowReader reader = new RejectedRowReader(jdbc.getDataSource(), RUN);
        reader.open(new ExecutionContext());
        try {
            List<RejectedRow> rows = new ArrayList<>();
            for (RejectedRow row; (row = reader.read()) != null; ) rows.add(row);
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            reader.close();
        }
    }

    private static StagingWriter labsWriter(JdbcTemplate jdbc) {
        return new StagingWriter(jdbc, StagingTable.LABS, RUN, "rheum", 0, "labs.csv", 2, new LoadedPatients(jdbc, RUN, "rheum", "patients.csv"), "patients.csv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void aFactRowOfAPatientWithNoStagedPatientRowIsRejectedAndNeverStaged(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        new StagingWriter(jdbc, StagingTable.PATIENTS, RUN, "rheum", 0, "patients.csv", 0, null, "patients.csv")
                .write(new Chunk<>(List.of(patient(2, "R1"))));
        // the same patient ID in another source, and another run, do not make R9 known
        new StagingWriter(jdbc, StagingTable.PATIENTS, RUN, "nephro", 1, "subjects.csv", 0, null, "subjects.csv")
                .write(new Chunk<>(List.of(patient(2, "R9"))));
        new StagingWriter(jdbc, StagingTable.PATIENTS, RUN + 1, "rheum", 0, "patients.csv", 0, null, "patients.csv")
                .write(new Chunk<>(List.of(patient(2, "R9"))));

        StagingWriter labs = labsWriter(jdbc);
        labs.open(new ExecutionContext());
        labs.write(new Chunk<>(List.of(lab(2, "R9"), lab(3, "R1"), new ParsedRow.Rejected(4, "R1,bad", "lab_date 'bad' is not a date"), lab(5, "R9"))));

        assertThat(labs.staged()).isEqualTo(1);
        ExecutionContext saved = new ExecutionContext();
        labs.update(saved);
        assertThat(saved.getLong(StagingWriter.STAGED_KEY)).isEqualTo(1);
        List<RejectedRow> rejects = rejectedRows(jdbc);
        assertThat(rejects).extracting(RejectedRow::line).containsExactly(2L, 4L, 5L);
        String orphan = "patient ID is not among the loaded patients of patients.csv (missing there, or its row there was rejected)";
        assertThat(rejects).extracting(RejectedRow::reason).containsExactly(orphan, "lab_date 'bad' is not a date", orphan);
        assertThat(rejects).extracting(RejectedRow::raw).containsExactly("R9,2026-01-05,CREAT,54", "R1,bad", "R9,2026-01-05,CREAT,54");
        assertThat(rejects).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo("rheum");
            assertThat(r.file()).isEqualTo("labs.csv");
        });
        // the chunk's rejected rows are one packet row, none a row of ingest_reject (where the cross-row checks' rejects go)
        assertThat(jdbc.queryForList("SELECT row_count FROM ingest_reject_packet WHERE run_id = ?", Integer.class, RUN)).containsExactly(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ingest_reject WHERE run_id = ?", Integer.class, RUN)).isZero();
        List<StagedRow> staged = new ArrayList<>();
        jdbc.query("SELECT patient_id, packet FROM stg_packet WHERE run_id = ?", rs -> {
            assertThat(rs.getString(1)).isEqualTo("R1");
            staged.addAll(StagedPacketCodec.decode("rheum", "labs.csv", '"', rs.getBytes(2)));
        }, RUN);
        assertThat(staged).extracting(StagedRow::line).containsExactly(3L);
    }

    /**
     * With packet segments (the embedded database's way), each patient's packet is an entry of the
     * file's segment and no database row, the segment's length is saved with the chunk, and a
     * writer reopened from that saved context (a restart) cuts off what a later, uncommitted chunk
     * appended. Rows of an unknown patient are still rejected into the database (a packet of the chunk's rejected rows).
     */
    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void withPacketSegmentsEachPatientsPacketIsAnEntryAndARestartCutsOffUncommittedOnes(String kind, @TempDir Path dir) {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        new StagingWriter(jdbc, StagingTable.PATIENTS, RUN, "rheum", 0, "patients.csv", 0, null, "patients.csv")
                .write(new Chunk<>(List.of(patient(2, "R1"), patient(3, "R2"))));
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        Path segment = dir.resolve("rtm.packets/run-" + RUN + "/rheum.labs.pkt");

        StagingWriter labs = new StagingWriter(jdbc, StagingTable.LABS, RUN, "rheum", 0, "labs.csv", 2, new LoadedPatients(jdbc, RUN, "rheum", "patients.csv"),
                "patients.csv", segments);
        labs.open(new ExecutionContext());
        labs.write(new Chunk<>(List.of(lab(2, "R1"), lab(3, "R1"), lab(4, "R2"), lab(5, "UNKNOWN"))));
        ExecutionContext committed = new ExecutionContext();
        labs.update(committed);
        long committedLength = committed.getLong(StagingWriter.SEGMENT_KEY);
        assertThat(segment).hasSize(committedLength);
        assertThat(committedLength).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stg_packet WHERE run_id = ?", Long.class, RUN)).as("no packet rows").isZero();
        assertThat(rejectedRows(jdbc)).extracting(RejectedRow::line).containsExactly(5L);

        Map<String, List<Long>> linesByPatient = new java.util.TreeMap<>();
        segments.forEach(RUN, "rheum", RecordKind.LABS, packet -> {
            assertThat(packet.fileName()).isEqualTo("labs.csv");
            List<StagedRow> rows = StagedPacketCodec.decode("rheum", packet.fileName(), '"', packet.bytes());
            assertThat(rows).hasSize(packet.rowCount());
            assertThat(rows.get(0).line()).isEqualTo(packet.firstLine());
            assertThat(rows.get(rows.size() - 1).line()).isEqualTo(packet.lastLine());
            for (StagedRow row : rows) {
                linesByPatient.computeIfAbsent(packet.patientId(), p -> new ArrayList<>()).add(row.line());
                assertThat(row.raw()).startsWith(packet.patientId() + ",2026-01-05,CREAT");
            }
        });
        assertThat(linesByPatient).isEqualTo(Map.of("R1", List.of(2L, 3L), "R2", List.of(4L)));

        labs.write(new Chunk<>(List.of(lab(6, "R2")))); // killed before this chunk's commit
        labs.close();
        assertThat(segment.toFile().length()).as("the uncommitted chunk's packet was written").isGreaterThan(committedLength);

        StagingWriter restarted = new StagingWriter(jdbc, StagingTable.LABS, RUN, "rheum", 0, "labs.csv", 2, new LoadedPatients(jdbc, RUN, "rheum", "patients.csv"),
                "patients.csv", segments);
        restarted.open(committed);
        assertThat(segment).hasSize(committedLength);
        assertThat(restarted.staged()).isEqualTo(3);
        restarted.close();
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThat(reader.packets(RUN, "rheum", RecordKind.LABS, "R2")).extracting(PacketSegments.Packet::lastLine).containsExactly(4L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgres"})
    void aChunkOfMorePatientsThanTheSmallestLookupTableIsJudgedPatientByPatient(String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(SchemaDatabases.create(kind, postgres));
        int patients = LoadedPatients.MIN_SLOTS * 2 + 7;
        List<ParsedRow> patientRows = new ArrayList<>();
        for (int p = 0; p < patients; p += 2) patientRows.add(patient(2 + p, "P" + p)); // every other patient is loaded
        new StagingWriter(jdbc, StagingTable.PATIENTS, RUN, "rheum", 0, "patients.csv", 0, null, "patients.csv").write(new Chunk<>(patientRows));
        List<ParsedRow> labRows = new ArrayList<>();
        for (int p = 0; p < patients; p++) labRows.add(lab(2 + p, "P" + p));

        StagingWriter labs = labsWriter(jdbc);
        labs.open(new ExecutionContext());
        labs.write(new Chunk<>(labRows));

        int loaded = (patients + 1) / 2;
        assertThat(labs.staged()).isEqualTo(loaded);
        assertThat(jdbc.queryForList("SELECT patient_id FROM stg_packet WHERE run_id = ?", String.class, RUN))
                .hasSize(loaded).allSatisfy(id -> assertThat(Integer.parseInt(id.substring(1)) % 2).isZero());
        assertThat(rejectedRows(jdbc)).filteredOn(r -> r.reason().startsWith("patient ID is not among")).hasSize(patients - loaded);
    }
}
