package org.registrytrialmatcher.ingest;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.registrytrialmatcher.staging.PacketSegments;
import org.registrytrialmatcher.staging.RejectPackets;
import org.registrytrialmatcher.staging.SafeBatch;
import org.registrytrialmatcher.staging.StagedPacketCodec;
import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the parsed rows of one export file, as JDBC batches in the chunk's transaction:
 * patient rows into {@code stg_patient}, fact rows as one packet per patient of the chunk into
 * {@code stg_packet} (or, on the embedded database, as an entry of the file's {@link PacketSegments
 * packet segment}, forced to disk before the chunk commits), rejected rows as one {@link RejectPackets packet} per chunk into {@code ingest_reject_packet}. A fact row whose patient ID has
 * no staged patient row in its source (missing from the patient file, or rejected there) is
 * rejected here, with the rows the parser rejected: the patient files are staged first.
 */
public class StagingWriter implements ItemWriter<ParsedRow>, ItemStream {
    /** Rows staged so far from the file, saved with each chunk (a count: no patient data). */
    public static final String STAGED_KEY = "rows.staged";
    /** The length of the file's packet segment when the chunk committed (a count of bytes). */
    public static final String SEGMENT_KEY = "segment.length";

    static final String INSERT_PACKET = "INSERT INTO " + StagingTable.PACKETS
            + " (run_id, src, patient_id, kind, file_name, first_line, last_line, row_count, packet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final StagingTable table;
    private final long runId;
    private final String source;
    private final int sourceOrder;
    private final String fileName;
    private final int fileOrder;
    private final LoadedPatients loadedPatients;
    private final String orphanReason;
    private final PacketSegments segments;
    private PacketSegments.Appender segment;

    /** A writer whose packets are stored in their rows. */
    public StagingWriter(JdbcTemplate jdbc, StagingTable table, long runId, String source, int sourceOrder, String fileName, int fileOrder,
                         LoadedPatients loadedPatients, String patientFileName) {
        this(jdbc, table, runId, source, sourceOrder, fileName, fileOrder, loadedPatients, patientFileName, null);
    }

    /**
     * {@code loadedPatients} and {@code patientFileName} (the source's patient file, named in the
     * reason a row of an unknown patient gets) for a fact file; null for the patient file.
     * {@code segments}: where a fact file's packets go, with no row (the embedded database's way); null to store them in their rows.
     */
    public StagingWriter(JdbcTemplate jdbc, StagingTable table, long runId, String source, int sourceOrder, String fileName, int fileOrder,
                         LoadedPatients loadedPatients, String patientFileName, PacketSegments segments) {
        if (table.packed() && loadedPatients == null) throw new IllegalArgumentException("a fact file's writer needs the loaded patients");
        this.jdbc = jdbc;
        this.table = table;
        this.runId = runId;
        this.source = source;
        this.sourceOrder = sourceOrder;
        this.fileName = fileName;
        this.fileOrder = fileOrder;
        this.loadedPatients = loadedPatients;
        this.orphanReason = "patient ID is not among the loaded patients of " + patientFileName + " (missing there, or its row there was rejected)";
        this.segments = table.packed() ? segments : null;
    }

    private long staged;
    private final StagedPacketCodec.Encoder encoder = new StagedPacketCodec.Encoder();

    @Override
    public void open(ExecutionContext context) {
        staged = context.getLong(STAGED_KEY, 0L);
        if (segments != null) {
            if (segment != null) segment.close();
            segment = segments.appender(runId, source, table.kind(), fileName, context.getLong(SEGMENT_KEY, 0L));
        }
    }

    /** Rows of the file staged so far, this chunk's included. */
    public long staged() {
        return staged;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(STAGED_KEY, staged);
        if (segment != null) context.putLong(SEGMENT_KEY, segment.length());
    }

    @Override
    public void close() {
        if (segment != null) segment.close();
        segment = null;
    }

    @Override
    public void write(Chunk<? extends ParsedRow> chunk) {
        if (table.packed()) {
            writePackets(chunk);
        } else {
            writeRows(chunk);
        }
    }

    /** Fact records: the chunk's rows of each loaded patient become one packet, in line order; an unknown patient's are rejected. */
    private void writePackets(Chunk<? extends ParsedRow> chunk) {
        if (segments != null && segment == null) throw new IllegalStateException("the writer of " + fileName + " was not opened");
        Map<String, List<ParsedRow.Staged>> byPatient = new LinkedHashMap<>();
        List<RejectPackets.Row> rejected = new ArrayList<>();
        List<ParsedRow.Staged> current = null;
        String currentPatient = null;
        for (ParsedRow row : chunk) {
            if (row instanceof ParsedRow.Staged s) {
                String patientId = s.patientId();
                if (!patientId.equals(currentPatient)) { // rows of one patient mostly come together: one map lookup per run of them
                    currentPatient = patientId;
                    current = byPatient.computeIfAbsent(patientId, k -> new ArrayList<>());
                }
                current.add(s);
            } else if (row instanceof ParsedRow.Rejected r) {
                rejected.add(reject(r));
            }
        }
        List<Object[]> packets = new ArrayList<>(byPatient.size());
        Set<String> loaded = loadedPatients.among(byPatient.keySet());
        byPatient.forEach((patientId, rows) -> {
            if (!loaded.contains(patientId)) {
                for (ParsedRow.Staged s : rows) rejected.add(reject(s.line(), orphanReason, s.raw()));
                return;
            }
            staged += rows.size();
            encoder.begin(rows.size());
            for (ParsedRow.Staged s : rows) encoder.packedRow(s.packedRow());
            byte[] packet = encoder.finish();
            long firstLine = rows.get(0).line();
            long lastLine = rows.get(rows.size() - 1).line();
            if (segment != null) {
                segment.append(patientId, firstLine, lastLine, rows.size(), packet);
            } else {
                packets.add(new Object[] {runId, source, patientId, table.kind().name(), fileName, firstLine, lastLine, rows.size(), packet});
            }
        });
        if (segment != null) {
            segment.force(); // on disk before the chunk's transaction commits (and with it the segment's length)
        } else {
            SafeBatch.update(jdbc, INSERT_PACKET, packets, StagingTable.PACKETS);
        }
        writeRejected(rejected);
    }

    /** The chunk's rejected rows, as one packet row. */
    private void writeRejected(List<RejectPackets.Row> rejected) {
        Object[] packet = RejectPackets.databaseRow(runId, source, sourceOrder, fileName, fileOrder, rejected);
        if (packet != null) SafeBatch.update(jdbc, RejectPackets.INSERT, List.<Object[]>of(packet), RejectPackets.TABLE);
    }

    private static RejectPackets.Row reject(ParsedRow.Rejected r) {
        return reject(r.line(), r.reason(), r.raw());
    }

    private static RejectPackets.Row reject(long line, String reason, String raw) {
        return new RejectPackets.Row(line, limit(reason, 1000), raw);
    }

    /** Patient records: one database row each. */
    private void writeRows(Chunk<? extends ParsedRow> chunk) {
        List<Object[]> staged = new ArrayList<>(chunk.size());
        List<RejectPackets.Row> rejected = new ArrayList<>();
        for (ParsedRow row : chunk) {
            if (row instanceof ParsedRow.Staged s) {
                this.staged++;
                Object[] values = new Object[6 + s.values().length];
                values[0] = runId;
                values[1] = source;
                values[2] = fileName;
                values[3] = s.line();
                values[4] = s.rowHashHex();
                values[5] = s.raw();
                for (int i = 0; i < s.values().length; i++) values[6 + i] = jdbcValue(s.values()[i]);
                staged.add(values);
            } else if (row instanceof ParsedRow.Rejected r) {
                rejected.add(reject(r));
            }
        }
        SafeBatch.update(jdbc, table.insertSql(), staged, table.tableName());
        writeRejected(rejected);
    }

    private static Object jdbcValue(Object value) {
        return value instanceof LocalDate d ? Date.valueOf(d) : value;
    }

    static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
