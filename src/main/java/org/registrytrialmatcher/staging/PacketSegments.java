package org.registrytrialmatcher.staging;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.registrytrialmatcher.source.RecordKind;

/**
 * Where the bytes of staged packets go when the database is the embedded HSQLDB file: one
 * append-only segment file per run, source and fact kind, in a folder beside the database's own
 * files ({@code rtm.packets/run-N/rheum.labs.pkt}), with a pointer (offset and length) in the
 * packet's row instead of the packet. HSQLDB writes every byte of a row twice, as hexadecimal
 * text into its redo log and into its data file: with the packets outside it, the ingest of a
 * 100 000-child export took about a seventh less time (README, Performance). Each row still
 * carries its key, so lookups, counts and the job's restart logic are the database's as before.
 * On any other database (PostgreSQL, which partitions on several machines share) packets stay in
 * their rows; a row says which it holds, so a run staged one way is read back either way.
 *
 * <p>A chunk's packets are appended and forced to disk before the transaction that commits the
 * rows pointing to them; the segment's length is saved with the chunk (Spring Batch's step
 * context), and a writer opened again for a restarted file cuts the segment back to it: the bytes
 * of a chunk that never committed are dropped, and no committed pointer can point past the end.
 * Folders and files are owner-only (0700, 0600): they hold raw export rows.
 */
public final class PacketSegments {
    /** First byte of a pointer held in a packet column (packets themselves start with 3, 4 or 5, see {@link StagedPacketCodec}). */
    static final byte POINTER = 6;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final Path directory;

    public PacketSegments(Path directory) {
        this.directory = directory;
    }

    /**
     * The segments of the embedded HSQLDB file database at {@code url} (a folder named after the
     * database's files, with {@code .packets} added), or null for any other database, whose rows
     * hold their packets.
     */
    public static PacketSegments besideDatabase(String url) {
        String prefix = "jdbc:hsqldb:file:";
        if (url == null || !url.startsWith(prefix)) return null;
        String path = url.substring(prefix.length());
        int properties = path.indexOf(';');
        if (properties >= 0) path = path.substring(0, properties);
        return new PacketSegments(Path.of(path + ".packets"));
    }

    public Path directory() {
        return directory;
    }

    /** The segment of one run, source and fact kind (source names are letters, digits, '_' and '-'). */
    Path file(long runId, String source, RecordKind kind) {
        if (!PLAIN_NAME.matcher(source).matches()) throw new IllegalArgumentException("a source name that is not a plain name: " + source);
        return directory.resolve("run-" + runId).resolve(source + "." + kind.key() + ".pkt");
    }

    /** Whether a packet column holds a pointer into a segment rather than the packet. */
    public static boolean isPointer(byte[] stored) {
        return stored.length > 0 && stored[0] == POINTER;
    }

    /**
     * Opens the segment of a fact file's writer, cut back to {@code committedLength}, the length
     * saved with its last committed chunk (0 when none was).
     */
    public Appender appender(long runId, String source, RecordKind kind, long committedLength) {
        Path file = file(runId, source, kind);
        try {
            createOwnerOnly(directory);
            createOwnerOnly(file.getParent());
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    ownerOnly("rw-------"));
            try {
                long size = channel.size();
                if (size < committedLength) {
                    throw new IllegalStateException("packet segment " + file + " holds " + size + " bytes, fewer than the " + committedLength
                            + " its committed chunks wrote: it was cut or replaced since, so this run cannot resume from it (start it with --fresh-run)");
                }
                if (size > committedLength) {
                    channel.truncate(committedLength);
                    channel.force(true);
                }
                return new Appender(file, channel, committedLength);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the packet segment " + file, e);
        }
    }

    /** A reader of packets by their pointers; keeps the segments it read open until closed. One per thread. */
    public Reader reader() {
        return new Reader();
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir, ownerOnly("rwx------"));
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }

    /** Appends the packets of one fact file's writer. Not thread-safe (one writer per file). */
    public static final class Appender implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private long length;
        private final byte[] pointer = new byte[1 + 10 + 5];

        private Appender(Path file, FileChannel channel, long length) {
            this.file = file;
            this.channel = channel;
            this.length = length;
        }

        /** Appends a packet; returns the pointer its row holds instead. */
        public byte[] append(byte[] packet) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(packet);
                long at = length;
                while (buffer.hasRemaining()) at += channel.write(buffer, at);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the packet segment " + file, e);
            }
            int size = 0;
            pointer[size++] = POINTER;
            size = varint(pointer, size, length);
            size = varint(pointer, size, packet.length);
            length += packet.length;
            return Arrays.copyOf(pointer, size);
        }

        /** Forces what was appended to disk: called before the rows pointing to it are committed. */
        public void force() {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the packet segment " + file + " to disk", e);
            }
        }

        /** The segment's length: what is saved with a chunk as its committed length. */
        public long length() {
            return length;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the packet segment " + file, e);
            }
        }

        private static int varint(byte[] into, int at, long v) {
            while ((v & ~0x7FL) != 0) {
                into[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            into[at++] = (byte) v;
            return at;
        }
    }

    /**
     * Reads packets back by the pointers their rows hold. The segments it opened are kept open,
     * by source and kind, for the run it last read from: no path is built per packet.
     */
    public final class Reader implements Closeable {
        private final Map<String, FileChannel[]> open = new HashMap<>();
        private long openRun = -1;

        private Reader() {
        }

        /** The packet a row of this run, source and fact kind points to. */
        public byte[] read(long runId, String source, RecordKind kind, byte[] pointer) {
            if (!isPointer(pointer)) throw new IllegalArgumentException("not a packet pointer");
            int[] at = {1};
            long offset = varint(pointer, at);
            long length = varint(pointer, at);
            if (at[0] != pointer.length || length > Integer.MAX_VALUE) throw new IllegalStateException("a malformed packet pointer");
            if (runId != openRun) {
                close();
                openRun = runId;
            }
            FileChannel[] byKind = open.computeIfAbsent(source, s -> new FileChannel[RecordKind.values().length]);
            FileChannel channel = byKind[kind.ordinal()];
            try {
                if (channel == null) {
                    try {
                        channel = FileChannel.open(file(runId, source, kind), StandardOpenOption.READ);
                    } catch (java.nio.file.NoSuchFileException e) {
                        throw new IllegalStateException("packet segment " + file(runId, source, kind) + " is missing: the rows of this run point to it (was "
                                + directory + " moved or deleted apart from the database?)", e);
                    }
                    byKind[kind.ordinal()] = channel;
                }
                ByteBuffer packet = ByteBuffer.allocate((int) length);
                long position = offset;
                while (packet.hasRemaining()) {
                    int read = channel.read(packet, position);
                    if (read < 0) {
                        throw new IllegalStateException("packet segment " + file(runId, source, kind) + " ends before a packet its database row points to"
                                + " (at byte " + offset + ", " + length + " bytes): the segment was cut or replaced since it was staged");
                    }
                    position += read;
                }
                return packet.array();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packet segment " + file(runId, source, kind), e);
            }
        }

        @Override
        public void close() {
            IOException failed = null;
            for (FileChannel[] byKind : open.values()) {
                for (FileChannel channel : byKind) {
                    if (channel == null) continue;
                    try {
                        channel.close();
                    } catch (IOException e) {
                        failed = e;
                    }
                }
            }
            open.clear();
            openRun = -1;
            if (failed != null) throw new UncheckedIOException("cannot close a packet segment", failed);
        }

        private long varint(byte[] from, int[] at) {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                if (at[0] >= from.length || shift > 63) throw new IllegalStateException("a malformed packet pointer");
                b = from[at[0]++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return v;
        }
    }
}
