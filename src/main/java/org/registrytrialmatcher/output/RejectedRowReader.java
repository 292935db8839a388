package org.registrytrialmatcher.output;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.RejectPackets;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every rejected row of a run, in rejected.csv's order (source, file, line): the rows the ingest
 * rejected, from their chunks' {@link RejectPackets packets}, merged with the rows of
 * {@code ingest_reject} (those a cross-row check or the evaluation rejected). Both are read in their key's order, so the merge holds one
 * packet at a time, never the run's rejects: the packets' keys are read in order, and each
 * packet by its key (one query for the packets themselves would have the embedded database hold
 * every packet of the run in memory, being fewer rows than its limit of result rows). Restartable:
 * its state is the count of rows read.
 */
public class RejectedRowReader extends AbstractItemCountingItemStreamItemReader<RejectedRow> {
    private static final Comparator<Keyed> ORDER = Comparator.comparingInt(Keyed::sourceOrder).thenComparingInt(Keyed::fileOrder)
            .thenComparingLong(k -> k.row().line());

    private final JdbcCursorItemReader<Keyed> rows;
    private final JdbcCursorItemReader<PacketKey> packetKeys;
    private final JdbcTemplate jdbc;
    private final long runId;
    private Keyed nextRow;
    private final Deque<Keyed> packetRows = new ArrayDeque<>();

    private record Keyed(int sourceOrder, int fileOrder, RejectedRow row) {
    }

    private record PacketKey(int sourceOrder, int fileOrder, long firstLine) {
    }

    private record Packet(String source, String fileName, byte[] bytes) {
    }

    private static final String PACKET = "SELECT src, file_name, packet FROM " + RejectPackets.TABLE
            + " WHERE run_id = ? AND src_order = ? AND file_order = ? AND first_line = ?";

    public RejectedRowReader(DataSource dataSource, long runId) {
        setName("rejectedRowReader");
        // in the tables' key order, run_id included, so that the embedded database walks the key rather than sorting
        rows = new JdbcCursorItemReaderBuilder<Keyed>()
                .name("rejectedRowReader.rows")
                .dataSource(dataSource)
                .sql("SELECT src_order, file_order, src, file_name, line_no, reason, raw FROM ingest_reject WHERE run_id = ?"
                        + " ORDER BY run_id, src_order, file_order, line_no")
                .queryArguments(List.of(runId))
                .rowMapper((rs, n) -> new Keyed(rs.getInt(1), rs.getInt(2), new RejectedRow(rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7))))
                .fetchSize(1000)
                .saveState(false)
                .build();
        packetKeys = new JdbcCursorItemReaderBuilder<PacketKey>()
                .name("rejectedRowReader.packetKeys")
                .dataSource(dataSource)
                .sql("SELECT src_order, file_order, first_line FROM " + RejectPackets.TABLE + " WHERE run_id = ?"
                        + " ORDER BY run_id, src_order, file_order, first_line")
                .queryArguments(List.of(runId))
                .rowMapper((rs, n) -> new PacketKey(rs.getInt(1), rs.getInt(2), rs.getLong(3)))
                .fetchSize(1000)
                .saveState(false)
                .build();
        this.jdbc = new JdbcTemplate(dataSource);
        this.runId = runId;
    }

    private Packet packet(PacketKey key) {
        List<Packet> found = jdbc.query(PACKET, (rs, n) -> new Packet(rs.getString(1), rs.getString(2), rs.getBytes(3)),
                runId, key.sourceOrder(), key.fileOrder(), key.firstLine());
        if (found.size() != 1) throw new IllegalStateException("a rejected-row packet of run " + runId + " went while rejected.csv was written");
        return found.get(0);
    }

    @Override
    protected void doOpen() throws Exception {
        rows.open(new ExecutionContext());
        packetKeys.open(new ExecutionContext());
        nextRow = rows.read();
        packetRows.clear();
    }

    @Override
    protected RejectedRow doRead() throws Exception {
        while (packetRows.isEmpty()) {
            PacketKey key = packetKeys.read();
            if (key == null) break;
            Packet packet = packet(key);
            for (RejectPackets.Row r : RejectPackets.decode(packet.bytes())) {
                packetRows.add(new Keyed(key.sourceOrder(), key.fileOrder(), new RejectedRow(packet.source(), packet.fileName(), r.line(),
                        r.reason(), r.raw())));
            }
        }
        Keyed fromPacket = packetRows.peekFirst();
        if (nextRow != null && (fromPacket == null || ORDER.compare(nextRow, fromPacket) <= 0)) {
            Keyed taken = nextRow;
            nextRow = rows.read();
            return taken.row();
        }
        return fromPacket == null ? null : packetRows.removeFirst().row();
    }

    @Override
    protected void doClose() throws Exception {
        packetRows.clear();
        nextRow = null;
        try {
            rows.close();
        } finally {
            packetKeys.close();
        }
    }
}
