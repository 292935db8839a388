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

/**
 * Every rejected row of a run, in rejected.csv's order (source, file, line): the rows the ingest
 * rejected, from their chunks' {@link RejectPackets packets}, merged with the rows of
 * {@code ingest_reject} (those a cross-row check or the evaluation rejected, and any an earlier
 * version of the ingest wrote there). Both are read in their key's order, so the merge holds one
 * packet at a time, never the run's rejects. Restartable: its state is the count of rows read.
 */
public class RejectedRowReader extends AbstractItemCountingItemStreamItemReader<RejectedRow> {
    private static final Comparator<Keyed> ORDER = Comparator.comparingInt(Keyed::sourceOrder).thenComparingInt(Keyed::fileOrder)
            .thenComparingLong(k -> k.row().line());

    private final JdbcCursorItemReader<Keyed> rows;
    private final JdbcCursorItemReader<Packet> packets;
    private Keyed nextRow;
    private final Deque<Keyed> packetRows = new ArrayDeque<>();

    private record Keyed(int sourceOrder, int fileOrder, RejectedRow row) {
    }

    private record Packet(int sourceOrder, int fileOrder, String source, String fileName, byte[] bytes) {
    }

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
        packets = new JdbcCursorItemReaderBuilder<Packet>()
                .name("rejectedRowReader.packets")
                .dataSource(dataSource)
                .sql("SELECT src_order, file_order, src, file_name, packet FROM " + RejectPackets.TABLE + " WHERE run_id = ?"
                        + " ORDER BY run_id, src_order, file_order, first_line")
                .queryArguments(List.of(runId))
                .rowMapper((rs, n) -> new Packet(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBytes(5)))
                .fetchSize(20)
                .saveState(false)
                .build();
    }

    @Override
    protected void doOpen() throws Exception {
        rows.open(new ExecutionContext());
        packets.open(new ExecutionContext());
        nextRow = rows.read();
        packetRows.clear();
    }

    @Override
    protected RejectedRow doRead() throws Exception {
        while (packetRows.isEmpty()) {
            Packet packet = packets.read();
            if (packet == null) break;
            {
                for (RejectPackets.Row r : RejectPackets.decode(packet.bytes())) {
                    packetRows.add(new Keyed(packet.sourceOrder(), packet.fileOrder(), new RejectedRow(packet.source(), packet.fileName(), r.line(),
                            r.reason(), r.raw())));
                }
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
            packets.close();
        }
    }
}
