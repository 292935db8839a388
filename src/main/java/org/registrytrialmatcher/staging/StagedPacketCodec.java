package org.registrytrialmatcher.staging;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte form of a staged packet: the consecutive rows of one patient in one export file,
 * as they came in one chunk. One database row per packet instead of one per record keeps the
 * embedded database's per-row cost (index maintenance, row headers, cache) off the tens of
 * millions of lab rows of a national registry, while every record keeps its line, raw text,
 * typed values and, where its raw text does not give them exactly, its fields as text (see
 * {@link DuplicateKey}). Values are typed (text, date, number), never re-parsed. Lengths and
 * lines are variable-length integers; the buffer is unsynchronised (one thread per packet).
 * A packet is stored LZ4-compressed (an {@link Lz4Block} of the plain packet, marked 4).
 * Packets of earlier versions, found in a run that is restarted, are still read, plain or
 * compressed: plain format 3 held a 128-bit hash of each row's fields where format 5 holds its
 * fields text or nothing.
 */
public final class StagedPacketCodec {
    /** The plain packet. */
    private static final byte FORMAT = 5;
    /** The plain packet of earlier versions: a hash of each row's fields in place of its fields text. */
    private static final byte FORMAT_HASHED = 3;
    /** A plain packet, LZ4-compressed. */
    private static final byte FORMAT_LZ4 = 4;
    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte DATE = 2;
    private static final byte DOUBLE = 3;
    private static final byte LONG = 4;
    private static final byte INT = 5;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Bytes of a row's field hash in format 3 (128 bits). */
    private static final int HASH_BYTES = 16;

    private StagedPacketCodec() {
    }

    /**
     * Builds packets, one at a time, in a buffer it keeps: {@link #begin} with the number of rows,
     * {@link #row} for each row of one patient and one file in their order, then {@link #finish}.
     * One encoder per writer (not thread-safe).
     */
    public static final class Encoder {
        private final Out out = new Out(1 << 16);

        public void begin(int rows) {
            out.size = 0;
            out.put(FORMAT);
            out.varint(rows);
        }

        /** One row: its line, its fields as text or null ({@link DuplicateKey#fieldsText}), its raw text and its typed values. */
        public void row(long line, String fieldsText, String raw, Object[] values) {
            out.row(line, fieldsText, raw, values);
        }

        /** One row already in its packet form ({@link RowPacker#pack}). */
        public void packedRow(byte[] packedRow) {
            out.bytes(packedRow);
        }

        /** The packet, compressed. */
        public byte[] finish() {
            return Lz4Block.compress(FORMAT_LZ4, out.buf, 0, out.size);
        }
    }

    /**
     * Puts one row into the form it takes in a packet ({@link Encoder#row}), so that a row can be
     * encoded as soon as it is parsed, while its values are fresh in the processor's cache, and be
     * carried to the writer as one small array instead of a graph of typed values: encoded in the
     * writer, after the 10 000 rows of a chunk, nearly every value was a cache miss. One packer per
     * thread (not thread-safe).
     */
    public static final class RowPacker {
        private final Out out = new Out(1 << 12);

        public byte[] pack(long line, String fieldsText, String raw, Object[] values) {
            out.size = 0;
            out.row(line, fieldsText, raw, values);
            return Arrays.copyOf(out.buf, out.size);
        }
    }

    /** The typed values of one row in its packet form ({@link RowPacker#pack}). */
    public static Object[] valuesOf(byte[] packedRow) {
        In in = new In(packedRow);
        in.varint();
        in.text();
        in.text();
        Object[] values = new Object[(int) in.varint()];
        for (int i = 0; i < values.length; i++) values[i] = in.value();
        return values;
    }

    /**
     * The rows of a packet, with the source and file they were staged from; {@code quote} is the
     * source's quote character (null if none), which only packets of format 3 need.
     */
    public static List<StagedRow> decode(String source, String file, Character quote, byte[] packet) {
        if (packet.length > 0 && packet[0] == FORMAT_LZ4) packet = Lz4Block.decompress(packet, "staged packet");
        In in = new In(packet);
        byte format = packet.length == 0 ? 0 : in.get();
        if (format != FORMAT && format != FORMAT_HASHED) throw new IllegalStateException("staged packet of unknown format");
        int count = (int) in.varint();
        List<StagedRow> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            long line = in.varint();
            String hash = format == FORMAT_HASHED ? in.hex(HASH_BYTES) : null;
            String fieldsText = format == FORMAT ? in.text() : null;
            String raw = in.text();
            String key = format == FORMAT ? DuplicateKey.of(raw, fieldsText) : DuplicateKey.ofEarlierPacket(raw, hash, quote);
            Object[] values = new Object[(int) in.varint()];
            for (int i = 0; i < values.length; i++) values[i] = in.value();
            rows.add(new StagedRow(source, file, line, key, raw, values));
        }
        return rows;
    }

    /** A growable byte buffer. */
    private static final class Out {
        /** Texts at least this long are encoded by the JDK rather than char by char. */
        private static final int LONG_TEXT = 16;
        private byte[] buf;
        int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }

        void put(byte b) {
            room(1);
            buf[size++] = b;
        }

        void bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void row(long line, String fieldsText, String raw, Object[] values) {
            varint(line);
            text(fieldsText);
            text(raw);
            varint(values.length);
            for (Object v : values) value(v);
        }

        void fixed64(long v) {
            room(8);
            for (int i = 7; i >= 0; i--) buf[size++] = (byte) (v >>> (8 * i));
        }

        /**
         * Text as varint(length + 1) and UTF-8 bytes; 0 for null. A short text (nearly every value
         * of an export) is copied char to byte in one pass, with the length written first as if
         * the text were ASCII; at the first char that is not, the text is written again from its
         * start as UTF-8. A longer one (a row's raw text) is encoded by the JDK, which copies ASCII
         * text at once, where the loop is faster for short values.
         */
        void text(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            int n = s.length();
            if (n >= LONG_TEXT) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                varint(utf8.length + 1L);
                bytes(utf8);
                return;
            }
            int start = size;
            varint(n + 1L);
            room(n);
            byte[] b = buf;
            int at = size;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    size = start;
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    varint(utf8.length + 1L);
                    bytes(utf8);
                    return;
                }
                b[at + i] = (byte) c;
            }
            size = at + n;
        }

        void value(Object v) {
            if (v == null) {
                put(NULL);
            } else if (v instanceof String s) {
                put(TEXT);
                text(s);
            } else if (v instanceof LocalDate d) {
                put(DATE);
                varint(d.toEpochDay() - Integer.MIN_VALUE);
            } else if (v instanceof Double d) {
                put(DOUBLE);
                fixed64(Double.doubleToRawLongBits(d));
            } else if (v instanceof Long l) {
                put(LONG);
                fixed64(l);
            } else if (v instanceof Integer i) {
                put(INT);
                fixed64(i);
            } else {
                throw new IllegalArgumentException("cannot stage a value of type " + v.getClass().getSimpleName());
            }
        }
    }

    /** A reader over a packet's bytes. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        byte get() {
            return buf[pos++];
        }

        long varint() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return v;
        }

        String hex(int n) {
            char[] digits = new char[2 * n];
            for (int i = 0; i < n; i++) {
                int b = buf[pos++] & 0xFF;
                digits[2 * i] = HEX[b >>> 4];
                digits[2 * i + 1] = HEX[b & 0xF];
            }
            return new String(digits);
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos++] & 0xFF);
            return v;
        }

        String text() {
            long n = varint();
            if (n == 0) return null;
            int length = (int) (n - 1);
            String s = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        Object value() {
            byte tag = get();
            return switch (tag) {
                case NULL -> null;
                case TEXT -> text();
                case DATE -> LocalDate.ofEpochDay(varint() + Integer.MIN_VALUE);
                case DOUBLE -> Double.longBitsToDouble(fixed64());
                case LONG -> fixed64();
                case INT -> (int) fixed64();
                default -> throw new IllegalStateException("staged packet has an unknown value tag " + tag);
            };
        }
    }
}
