package org.registrytrialmatcher.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through and keeps those not yet released, addressed by their absolute
 * position in the stream, so that the raw text of a record can be cut out once the CSV
 * parser has told where the record starts and where the next one starts. The window holds
 * only the current record and the parser's read-ahead.
 */
final class CharWindowReader extends Reader {
    private final Reader in;
    private final StringBuilder window = new StringBuilder();
    private long windowStart;
    private long position;

    CharWindowReader(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            window.append(buffer, offset, n);
            position += n;
        }
        return n;
    }

    /** The text between two absolute positions; {@code to} may be -1 for "everything read so far". */
    String text(long from, long to) {
        long end = to < 0 ? position : to;
        int start = (int) Math.max(0, from - windowStart);
        int stop = (int) Math.max(start, Math.min(window.length(), end - windowStart));
        return window.substring(start, stop);
    }

    /** Forgets everything before {@code from}. */
    void release(long from) {
        int n = (int) Math.min(window.length(), Math.max(0, from - windowStart));
        window.delete(0, n);
        windowStart += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
