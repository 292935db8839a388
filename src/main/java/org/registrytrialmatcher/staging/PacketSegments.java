package org.registrytrialmatcher.staging;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.registrytrialmatcher.source.RecordKind;

/**
 * Where staged packets go when the database is the embedded HSQLDB file: one append-only segment
 * file per run, source and fact kind, in a folder beside the database's own files
 * ({@code rtm.packets/run-N/rheum.labs.pkt}), and no database row at all. Each entry of a segment
 * carries what the packet's row would: the patient ID, the first and last line and the number of
 * rows, then the packet, so that HSQLDB does not write every packet byte twice (hexadecimal text
 * into its redo log, then its data file). On any other database
 * (PostgreSQL, which partitions on several machines share) packets stay in {@code stg_packet}.
 *
 * <p>A segment starts with a header (a format marker and the export file's name). A chunk's entries
 * are written and forced to disk before its transaction commits; the segment's length is saved
 * with the chunk (Spring Batch's step context), and a writer opened again for a restarted file
 * cuts the segment back to it: the entries of a chunk that never committed are dropped.
 *
 * <p>Evaluation finds a patient's packets through a lookup table built once per run, source and
 * kind from one scan of the segment: an open-addressing hash table of entry offsets in a
 * memory-mapped scratch file (owner-only, unlinked as soon as it is open), 16 bytes per entry, so
 * the heap holds nothing per patient. Folders and files are owner-only (0700, 0600): they hold raw
 * export rows.
 */
public final class PacketSegments {
    /** The first bytes of every segment: this format, version 2 (version 1 had no header and no entries, only packets). */
    static final byte[] MAGIC = "RTM packet segment 2\n".getBytes(StandardCharsets.US_ASCII);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** The low 40 bits of a lookup slot: an entry's offset plus one (a terabyte per segment); the high 24 hold bits of its ID's hash. */
    private static final long OFFSET_MASK = (1L << 40) - 1;
    private static final long MAX_OFFSET = OFFSET_MASK - 1;

    private final Path directory;
    private final Map<String, Lookup> lookups = new HashMap<>();

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

    /** One staged packet: whose it is, where its rows came from, and its bytes ({@link StagedPacketCodec}). */
    public record Packet(String patientId, String fileName, long firstLine, long lastLine, int rowCount, byte[] bytes) {
    }

    /** The segment of one run, source and fact kind (source names are letters, digits, '_' and '-'). */
    Path file(long runId, String source, RecordKind kind) {
        if (!PLAIN_NAME.matcher(source).matches()) throw new IllegalArgumentException("a source name that is not a plain name: " + source);
        return directory.resolve("run-" + runId).resolve(source + "." + kind.key() + ".pkt");
    }

    /**
     * Opens the segment of a fact file's writer, cut back to {@code committedLength}, the length
     * saved with its last committed chunk (0 when none was: the segment then starts afresh with its
     * header, naming {@code fileName}).
     */
    public Appender appender(long runId, String source, RecordKind kind, String fileName, long committedLength) {
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
                Appender appender = new Appender(file, channel, committedLength);
                if (committedLength == 0) {
                    channel.truncate(0);
                    appender.header(fileName);
                    appender.force(); // the header is part of every length saved later
                } else {
                    new Scanner(channel, file); // reads the header: refuses a segment of another format
                    if (size > committedLength) {
                        channel.truncate(committedLength);
                        channel.force(true);
                    }
                }
                return appender;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the packet segment " + file, e);
        }
    }

    /** A reader of the packets of patients; keeps the segments it read open until closed. One per thread. */
    public Reader reader() {
        return new Reader();
    }

    /** Every packet of one segment, in the order they were staged (file order). */
    public void forEach(long runId, String source, RecordKind kind, Consumer<Packet> action) {
        forEach(runId, source, kind, Long.MAX_VALUE, action);
    }

    /**
     * The packets of one segment in its first {@code committedLength} bytes (the length saved with
     * the file's last committed chunk): what a killed run had committed, before a restart cuts off
     * the rest.
     */
    public void forEach(long runId, String source, RecordKind kind, long committedLength, Consumer<Packet> action) {
        Path file = file(runId, source, kind);
        try (FileChannel channel = openForReading(file)) {
            Scanner scanner = new Scanner(channel, file);
            while (scanner.position() < committedLength && scanner.next(true)) {
                if (scanner.position() > committedLength) throw new IllegalStateException("packet segment " + file + " has no entry ending at byte " + committedLength);
                action.accept(new Packet(new String(scanner.id, 0, scanner.idLength, StandardCharsets.UTF_8), scanner.fileName,
                        scanner.firstLine, scanner.lastLine, scanner.rowCount, scanner.packet));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packet segment " + file, e);
        }
    }

    private static FileChannel openForReading(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("packet segment " + file + " is missing: its file was staged in this run (was "
                    + file.getParent().getParent() + " moved or deleted apart from the database?)", e);
        }
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir, ownerOnly("rwx------"));
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }

    static int hash(byte[] bytes, int length) {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++) h = (h ^ bytes[i]) * 0x01000193;
        return h ^ (h >>> 15);
    }

    /** The lookup table of one segment, built on first use and rebuilt if the segment's length changed since. */
    private Lookup lookup(long runId, String source, RecordKind kind, long segmentLength) {
        String key = runId + "/" + source + "/" + kind.key();
        Lookup lookup;
        synchronized (lookups) {
            lookup = lookups.get(key);
            if (lookup == null || lookup.segmentLength != segmentLength) {
                lookups.keySet().removeIf(k -> !k.startsWith(runId + "/")); // one run at a time: the earlier runs' tables are dropped
                lookup = new Lookup(file(runId, source, kind), segmentLength);
                lookups.put(key, lookup);
            }
        }
        lookup.built(); // outside the map's lock: partitions build the tables of different kinds at once
        return lookup;
    }

    /** Appends the entries of one fact file's writer. Not thread-safe (one writer per file). */
    public static final class Appender implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private long written;
        private byte[] pending = new byte[1 << 16];
        private int pendingLength;

        private Appender(Path file, FileChannel channel, long length) {
            this.file = file;
            this.channel = channel;
            this.written = length;
        }

        private void header(String fileName) {
            put(MAGIC, MAGIC.length);
            byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
            varint(name.length);
            put(name, name.length);
        }

        /** Appends one patient's packet with its key; written to the file by the next {@link #force()}. */
        public void append(String patientId, long firstLine, long lastLine, int rowCount, byte[] packet) {
            if (length() > MAX_OFFSET) throw new IllegalStateException("packet segment " + file + " outgrew a terabyte");
            if (lastLine < firstLine || rowCount < 1) throw new IllegalArgumentException("a packet of no rows, or lines out of order");
            byte[] id = patientId.getBytes(StandardCharsets.UTF_8);
            varint(id.length);
            put(id, id.length);
            varint(firstLine);
            varint(lastLine - firstLine);
            varint(rowCount);
            varint(packet.length);
            put(packet, packet.length);
        }

        /** Writes what was appended and forces it to disk: called before the chunk that staged it commits. */
        public void force() {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(pending, 0, pendingLength);
                while (buffer.hasRemaining()) written += channel.write(buffer, written);
                pendingLength = 0;
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the packet segment " + file + " to disk", e);
            }
        }

        /** The segment's length, what is appended included: what is saved with a chunk as its committed length. */
        public long length() {
            return written + pendingLength;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the packet segment " + file, e);
            }
        }

        private void room(int bytes) {
            if (pendingLength + bytes > pending.length) pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + bytes));
        }

        private void put(byte[] bytes, int length) {
            room(length);
            System.arraycopy(bytes, 0, pending, pendingLength, length);
            pendingLength += length;
        }

        private void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                pending[pendingLength++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            pending[pendingLength++] = (byte) v;
        }
    }

    /**
     * Reads a segment's entries in order through a buffer, after its header; {@link #next} skips
     * the packet's bytes unless asked for them.
     */
    private static final class Scanner {
        private final FileChannel channel;
        private final Path file;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        private long bufferStart;
        private final long size;
        final String fileName;
        long entryOffset;
        byte[] id = new byte[64];
        int idLength;
        long firstLine;
        long lastLine;
        int rowCount;
        int packetLength;
        byte[] packet;

        Scanner(FileChannel channel, Path file) throws IOException {
            this.channel = channel;
            this.file = file;
            this.size = channel.size();
            buffer.limit(0);
            byte[] magic = new byte[MAGIC.length];
            if (size < MAGIC.length) throw notASegment();
            bytes(magic, MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw notASegment();
            byte[] name = new byte[length(1000)];
            bytes(name, name.length);
            fileName = new String(name, StandardCharsets.UTF_8);
        }

        private IllegalStateException notASegment() {
            return new IllegalStateException("packet segment " + file + " is not in this version's format (staged by an earlier version,"
                    + " or not a segment): start the run again with --fresh-run");
        }

        private long position() {
            return bufferStart + buffer.position();
        }

        /** The next entry; false at the end of the segment. */
        boolean next(boolean withPacket) throws IOException {
            entryOffset = position();
            if (entryOffset == size) return false;
            idLength = length(4096);
            if (id.length < idLength) id = new byte[idLength];
            bytes(id, idLength);
            firstLine = varint();
            lastLine = firstLine + varint();
            long rows = varint();
            if (rows < 1 || rows > Integer.MAX_VALUE) throw damaged();
            rowCount = (int) rows;
            packetLength = length(Integer.MAX_VALUE - 16);
            if (withPacket) {
                packet = new byte[packetLength];
                bytes(packet, packetLength);
            } else {
                skip(packetLength);
            }
            return true;
        }

        private IllegalStateException damaged() {
            return new IllegalStateException("packet segment " + file + " is damaged at byte " + entryOffset
                    + " (cut or overwritten since it was staged): start the run again with --fresh-run");
        }

        private int length(int max) throws IOException {
            long v = varint();
            if (v > max) throw damaged();
            return (int) v;
        }

        private long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = get();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            throw damaged();
        }

        private byte get() throws IOException {
            if (!buffer.hasRemaining()) fill(position());
            return buffer.get();
        }

        private void bytes(byte[] into, int length) throws IOException {
            int at = 0;
            while (at < length) {
                if (!buffer.hasRemaining()) fill(position());
                int n = Math.min(length - at, buffer.remaining());
                buffer.get(into, at, n);
                at += n;
            }
        }

        private void skip(long length) throws IOException {
            long target = position() + length;
            if (target > size) throw damaged();
            if (target <= bufferStart + buffer.limit()) {
                buffer.position((int) (target - bufferStart));
            } else {
                bufferStart = target;
                buffer.clear().limit(0);
            }
        }

        private void fill(long at) throws IOException {
            if (at >= size) throw damaged();
            buffer.clear();
            bufferStart = at;
            while (buffer.hasRemaining() && at + buffer.position() < size) {
                if (channel.read(buffer, at + buffer.position()) < 0) break;
            }
            buffer.flip();
        }
    }

    /**
     * The offsets of one segment's entries by patient: slot i holds 0 (empty) or the entry's offset
     * plus one (low 40 bits) and 24 bits of its ID's hash, in a memory-mapped scratch file.
     */
    private static final class Lookup {
        private final Path file;
        /** The segment's length when the table was asked for: a segment of another length (staged again) gets a new table. */
        private final long segmentLength;
        private volatile MappedByteBuffer slots;
        private int mask;
        private String fileName;

        Lookup(Path file, long segmentLength) {
            this.file = file;
            this.segmentLength = segmentLength;
        }

        void built() {
            if (slots != null) return;
            synchronized (this) {
                if (slots == null) build();
            }
        }

        private void build() {
            try (FileChannel channel = openForReading(file)) {
                long entries = 0;
                Scanner counting = new Scanner(channel, file);
                while (counting.next(false)) entries++;
                long slotCount = Math.max(1024, Long.highestOneBit(Math.max(1, entries * 2 - 1)) << 1);
                if (slotCount * 8 > Integer.MAX_VALUE) throw new IllegalStateException("packet segment " + file + " holds more entries than a lookup table holds");
                Path scratch = Files.createTempFile(file.getParent(), "lookup-", ".tmp");
                try (FileChannel table = FileChannel.open(scratch, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
                    MappedByteBuffer mapped = table.map(FileChannel.MapMode.READ_WRITE, 0, slotCount * 8);
                    int tableMask = (int) slotCount - 1;
                    Scanner scanner = new Scanner(channel, file);
                    while (scanner.next(false)) {
                        int h = hash(scanner.id, scanner.idLength);
                        int i = h & tableMask;
                        while (mapped.getLong(i * 8) != 0) i = (i + 1) & tableMask;
                        mapped.putLong(i * 8, slot(h, scanner.entryOffset));
                    }
                    if (channel.size() != segmentLength) throw new IllegalStateException("packet segment " + file + " changed while it was read");
                    mask = tableMask;
                    fileName = scanner.fileName;
                    slots = mapped; // last: publishes the others
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the lookup table of packet segment " + file, e);
            }
        }

        private static long slot(int hash, long offset) {
            return ((long) (hash >>> 8) << 40) | (offset + 1);
        }
    }

    /**
     * Reads the packets of patients, through the lookup tables of their segments. The segments it
     * opened are kept open, by source and kind, for the run it last read from.
     */
    public final class Reader implements Closeable {
        private final Map<String, Open[]> open = new HashMap<>();
        private long openRun = -1;
        private final ByteBuffer header = ByteBuffer.allocate(8192);

        private record Open(FileChannel channel, Lookup lookup) {
        }

        private Reader() {
        }

        /** The packets staged for one patient of a run, source and fact kind, in line order. */
        public List<Packet> packets(long runId, String source, RecordKind kind, String patientId) {
            Open segment = segment(runId, source, kind);
            byte[] id = patientId.getBytes(StandardCharsets.UTF_8);
            int h = hash(id, id.length);
            long tag = (long) (h >>> 8) << 40;
            MappedByteBuffer slots = segment.lookup().slots;
            int mask = segment.lookup().mask;
            List<Packet> found = new ArrayList<>(1);
            try {
                for (int i = h & mask; ; i = (i + 1) & mask) {
                    long slot = slots.getLong(i * 8);
                    if (slot == 0) break;
                    if ((slot & ~OFFSET_MASK) != tag) continue;
                    Packet packet = entry(segment, (slot & OFFSET_MASK) - 1, id);
                    if (packet != null) found.add(packet);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packet segment " + file(runId, source, kind), e);
            }
            if (found.size() > 1) {
                found.sort(Comparator.comparingLong(Packet::firstLine));
                for (int k = 1; k < found.size(); k++) {
                    if (found.get(k).firstLine() <= found.get(k - 1).lastLine()) {
                        throw new IllegalStateException("packet segment " + file(runId, source, kind) + " holds the rows of line "
                                + found.get(k).firstLine() + " twice: start the run again with --fresh-run");
                    }
                }
            }
            return found;
        }

        /** The entry at {@code offset} if it is the patient's, else null. */
        private Packet entry(Open segment, long offset, byte[] id) throws IOException {
            header.clear();
            while (header.hasRemaining() && segment.channel().read(header, offset + header.position()) >= 0) {
                // reads up to the buffer's size, or to the end
            }
            header.flip();
            int idLength = (int) varint(header, segment);
            if (idLength != id.length || header.remaining() < idLength) return null;
            for (int k = 0; k < idLength; k++) {
                if (header.get() != id[k]) return null;
            }
            long firstLine = varint(header, segment);
            long lastLine = firstLine + varint(header, segment);
            long rowCount = varint(header, segment);
            long length = varint(header, segment);
            if (rowCount < 1 || rowCount > Integer.MAX_VALUE || length > Integer.MAX_VALUE - 16 || offset + header.position() + length > segment.lookup().segmentLength) {
                throw new IllegalStateException("packet segment " + segment.lookup().file + " has a damaged entry at byte " + offset
                        + ": start the run again with --fresh-run");
            }
            byte[] bytes = new byte[(int) length];
            int inBuffer = Math.min(bytes.length, header.remaining());
            header.get(bytes, 0, inBuffer);
            ByteBuffer rest = ByteBuffer.wrap(bytes, inBuffer, bytes.length - inBuffer);
            long at = offset + header.position();
            while (rest.hasRemaining()) {
                int read = segment.channel().read(rest, at);
                if (read < 0) {
                    throw new IllegalStateException("packet segment " + segment.lookup().file + " ends inside the packet at byte " + offset
                            + ": it was cut or replaced since it was staged (start the run again with --fresh-run)");
                }
                at += read;
            }
            return new Packet(new String(id, StandardCharsets.UTF_8), segment.lookup().fileName, firstLine, lastLine, (int) rowCount, bytes);
        }

        private long varint(ByteBuffer from, Open segment) {
            long v = 0;
            for (int shift = 0; shift < 64 && from.hasRemaining(); shift += 7) {
                byte b = from.get();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            throw new IllegalStateException("packet segment " + segment.lookup().file + " has a damaged entry: start the run again with --fresh-run");
        }

        private Open segment(long runId, String source, RecordKind kind) {
            if (runId != openRun) {
                close();
                openRun = runId;
            }
            Open[] byKind = open.computeIfAbsent(source, s -> new Open[RecordKind.values().length]);
            Open segment = byKind[kind.ordinal()];
            if (segment == null) {
                Path file = file(runId, source, kind);
                try {
                    FileChannel channel = openForReading(file);
                    try {
                        segment = new Open(channel, lookup(runId, source, kind, channel.size()));
                    } catch (RuntimeException e) {
                        channel.close();
                        throw e;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the packet segment " + file, e);
                }
                byKind[kind.ordinal()] = segment;
            }
            return segment;
        }

        @Override
        public void close() {
            IOException failed = null;
            for (Open[] byKind : open.values()) {
                for (Open segment : byKind) {
                    if (segment == null) continue;
                    try {
                        segment.channel().close();
                    } catch (IOException e) {
                        failed = e;
                    }
                }
            }
            open.clear();
            openRun = -1;
            if (failed != null) throw new UncheckedIOException("cannot close a packet segment", failed);
        }
    }
}
