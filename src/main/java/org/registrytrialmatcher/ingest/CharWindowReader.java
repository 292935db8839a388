package org.registrytrialmatcher.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through and keeps those not yet released, addressed by their absolute
 * position in the stream, so that the raw text of a record can be cut out once the CSV
 * parser has told where the record starts and where the next one starts. The window holds
 * only the current record and the parser's read-ahead.
 *
 * <p>The window is one char array: releasing moves a start index, and the kept characters are
 * moved to the front only when the array is full. Cutting a record copies the record alone,
 * never the read-ahead behind it (copying the whole window for every record once made reading
 * allocate gigabytes per second and kept the collector busy).
 */
final class CharWindowReader extends Reader {
    private final Reader in;
    private char[] buffer = new char[1 << 16];
    private int first;          // index of the first kept character
    private int end;            // index after the last character read
    private long windowStart;   // absolute position of buffer[first]

    CharWindowReader(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        int n = in.read(target, offset, length);
        if (n > 0) {
            makeRoom(n);
            System.arraycopy(target, offset, buffer, end, n);
            end += n;
        }
        return n;
    }

    private void makeRoom(int n) {
        if (end + n <= buffer.length) return;
        int kept = end - first;
        char[] into = kept + n <= buffer.length / 2 ? buffer : new char[Math.max(buffer.length * 2, kept + n)];
        System.arraycopy(buffer, first, into, 0, kept);
        buffer = into;
        first = 0;
        end = kept;
    }

    /** Absolute position after the last character read. */
    long position() {
        return windowStart + (end - first);
    }

    private int index(long position) {
        return first + (int) Math.max(0, Math.min(end - first, position - windowStart));
    }

    /** The text between two absolute positions; {@code to} may be -1 for "everything read so far". */
    String text(long from, long to) {
        int start = index(from);
        int stop = Math.max(start, index(to < 0 ? position() : to));
        return new String(buffer, start, stop - start);
    }

    /**
     * The absolute position after {@code breaks} line breaks (CR LF, LF or a lone CR) counted from
     * {@code from}, or after everything read so far if fewer follow.
     */
    long afterLines(long from, long breaks) {
        int start = index(from);
        long seen = 0;
        for (int i = start; i < end && seen < breaks; i++) {
            char c = buffer[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= end || buffer[i + 1] != '\n'))) {
                if (++seen == breaks) return from + (i + 1 - start);
            }
        }
        return position();
    }

    /**
     * The text between two absolute positions without the line end it finishes with (LF, CR LF or
     * CR), cut from the window in one copy.
     */
    String textWithoutLineEnd(long from, long to) {
        int start = index(from);
        int stop = Math.max(start, index(to));
        if (stop > start && buffer[stop - 1] == '\n') stop--;
        if (stop > start && buffer[stop - 1] == '\r') stop--;
        return new String(buffer, start, stop - start);
    }

    /** Forgets everything before {@code from}. */
    void release(long from) {
        int n = (int) Math.min(end - first, Math.max(0, from - windowStart));
        first += n;
        windowStart += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
