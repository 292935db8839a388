package org.registrytrialmatcher.staging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows an ingest chunk rejected, of one export file, as one database row: a packet in
 * {@code ingest_reject_packet}, keyed like {@code ingest_reject} by the source's and the file's
 * order and the first line. One row per chunk instead of one per rejected row keeps the embedded
 * database's per-row cost (index maintenance, cache, redo log) off the few per cent of rows a
 * national registry's export gets wrong. Every
 * rejected row keeps its line, reason and raw text; all of them are of category REJECTED and
 * none is still staged (the rows a later cross-row check rejects stay rows of ingest_reject).
 * Rows are in line order inside a packet, and a file's packets do not overlap (each chunk's
 * lines follow the last chunk's), so reading packets in key order reads rows in line order.
 */
public final class RejectPackets {
    public static final String TABLE = "ingest_reject_packet";
    public static final String INSERT = "INSERT INTO " + TABLE + " (run_id, src, src_order, file_name, file_order, first_line, last_line, row_count, packet)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final byte FORMAT = 1;

    private RejectPackets() {
    }

    /** One rejected row: its line, the reason and its raw text (null when there was none). */
    public record Row(long line, String reason, String raw) {
    }

    /** The database row of a chunk's rejected rows of one file (any order; stored in line order), or null if there are none. */
    public static Object[] databaseRow(long runId, String source, int sourceOrder, String fileName, int fileOrder, List<Row> rows) {
        if (rows.isEmpty()) return null;
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::line));
        return new Object[] {runId, source, sourceOrder, fileName, fileOrder, sorted.get(0).line(), sorted.get(sorted.size() - 1).line(),
                sorted.size(), encode(sorted)};
    }

    static byte[] encode(List<Row> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * rows.size() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(rows.size());
            for (Row row : rows) {
                out.writeLong(row.line());
                text(out, row.reason());
                text(out, row.raw());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The rows of a packet, in line order. */
    public static List<Row> decode(byte[] packet) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packet))) {
            byte format = in.readByte();
            if (format != FORMAT) throw new IllegalStateException("a rejected-row packet of unknown format " + format);
            int count = in.readInt();
            List<Row> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) rows.add(new Row(in.readLong(), text(in), text(in)));
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("a rejected-row packet is truncated");
        }
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
