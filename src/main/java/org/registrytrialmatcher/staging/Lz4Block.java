package org.registrytrialmatcher.staging;

import java.util.Arrays;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * Bytes stored LZ4-compressed in the database: a marker byte that says the rest is compressed,
 * the plain length as a variable-length integer, then one LZ4 block. The staged packets and the
 * recorded rules are nearly all of the embedded database; stored plain, at a million children
 * they made it larger than this machine's memory, and the steps after ingest read them back
 * from disk (18.7 GB in one measurement of checkStagedRows). LZ4,
 * not deflate: deflating staged packets to a third of their size cost more CPU than the I/O it
 * saved (measured). Thread-safe.
 */
public final class Lz4Block {
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    /** Longest plain content accepted back: a stored length beyond it is corruption, not data. */
    private static final int MAX_PLAIN = Integer.MAX_VALUE - 16;

    private Lz4Block() {
    }

    /** {@code length} bytes of {@code plain} from {@code offset}, compressed, after {@code marker}. */
    public static byte[] compress(byte marker, byte[] plain, int offset, int length) {
        int bound = COMPRESSOR.maxCompressedLength(length);
        byte[] out = new byte[1 + 5 + bound];
        out[0] = marker;
        int at = 1;
        int v = length;
        while ((v & ~0x7F) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        int size = at + COMPRESSOR.compress(plain, offset, length, out, at, bound);
        return Arrays.copyOf(out, size);
    }

    /**
     * The plain content of bytes that {@link #compress} wrote (their first byte, the marker, is
     * not checked here). {@code what} names them in the error if they do not decompress.
     */
    public static byte[] decompress(byte[] stored, String what) {
        int at = 1;
        long length = 0;
        int shift = 0;
        byte b;
        do {
            if (at >= stored.length || shift > 28) throw new IllegalStateException(what + " is corrupt: its length is cut short");
            b = stored[at++];
            length |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (length > MAX_PLAIN) throw new IllegalStateException(what + " is corrupt: it claims " + length + " bytes");
        byte[] plain = new byte[(int) length];
        int written;
        try {
            written = LZ4.safeDecompressor().decompress(stored, at, stored.length - at, plain, 0, plain.length);
        } catch (LZ4Exception e) {
            throw new IllegalStateException(what + " is corrupt: it does not decompress");
        }
        if (written != plain.length) throw new IllegalStateException(what + " is corrupt: " + written + " bytes where " + length + " were stored");
        return plain;
    }
}
