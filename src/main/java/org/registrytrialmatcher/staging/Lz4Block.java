package org.registrytrialmatcher.staging;

import java.util.Arrays;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * Bytes stored LZ4-compressed in the database: a marker byte that says the rest is compressed,
 * the plain length as a variable-length integer, then one LZ4 block. The staged packets and the
 * recorded rules are nearly all of the embedded database, and compressed they are read back
 * from disk in less time. LZ4, not deflate: cheaper in CPU for the I/O it saves. Thread-safe.
 *
 * <p>The native (JNI) LZ4 where the library loads, else the pure-Java one: both write and read the
 * same blocks. Not {@link LZ4Factory#fastestInstance()}, which never tries the native library
 * outside the system class loader, i.e. never in the packaged application.
 */
public final class Lz4Block {
    private static final LZ4Factory LZ4 = factory();
    /** Longest plain content accepted back: a stored length beyond it is corruption, not data. */
    private static final int MAX_PLAIN = Integer.MAX_VALUE - 16;

    private Lz4Block() {
    }

    private static LZ4Factory factory() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (Throwable nativeUnavailable) { // no library for this platform, or it failed to load
            return LZ4Factory.safeInstance();
        }
    }

    /** Which LZ4 implementation this process uses, as the library names it (e.g. "LZ4Factory:JNI"). */
    public static String implementation() {
        return LZ4.toString();
    }

    /** {@code length} bytes of {@code plain} from {@code offset}, compressed, after {@code marker}. */
    public static byte[] compress(byte marker, byte[] plain, int offset, int length) {
        return compress(LZ4, marker, plain, offset, length);
    }

    static byte[] compress(LZ4Factory lz4, byte marker, byte[] plain, int offset, int length) {
        LZ4Compressor compressor = lz4.fastCompressor();
        int bound = compressor.maxCompressedLength(length);
        byte[] out = new byte[1 + 5 + bound];
        out[0] = marker;
        int at = 1;
        int v = length;
        while ((v & ~0x7F) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        int size = at + compressor.compress(plain, offset, length, out, at, bound);
        return Arrays.copyOf(out, size);
    }

    /**
     * The plain content of bytes that {@link #compress} wrote (their first byte, the marker, is
     * not checked here). {@code what} names them in the error if they do not decompress.
     */
    public static byte[] decompress(byte[] stored, String what) {
        return decompress(LZ4, stored, what);
    }

    static byte[] decompress(LZ4Factory lz4, byte[] stored, String what) {
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
            written = lz4.safeDecompressor().decompress(stored, at, stored.length - at, plain, 0, plain.length);
        } catch (LZ4Exception e) {
            throw new IllegalStateException(what + " is corrupt: it does not decompress");
        }
        if (written != plain.length) throw new IllegalStateException(what + " is corrupt: " + written + " bytes where " + length + " were stored");
        return plain;
    }
}
