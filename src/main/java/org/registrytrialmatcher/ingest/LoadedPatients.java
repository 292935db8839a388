package org.registrytrialmatcher.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which patient IDs of one source have a staged patient row in a run: asked for the patients of
 * each chunk of a fact file, once the source's patient file is staged (the job ingests patient
 * files first). A patient whose row was rejected has none; one defined twice keeps its first
 * row, so the answer does not change when checkStagedRows later removes the second.
 *
 * <p>On first use the source's staged patient IDs are streamed once from the database (in pages
 * of lines of the patient file, {@link #PAGE_LINES}) into an
 * open-addressing hash table in a memory-mapped scratch file (owner-only, and unlinked as soon as
 * it is open: only a crash in the instant between creating and opening it could leave it behind),
 * and every later question is answered from it, rather than by a query per chunk. Heap: the IDs
 * of one chunk; the table itself is file-backed pages.
 * Built from the shared database by whichever partition asks first, so that it works on any
 * machine a partition runs on; the partitions of one JVM share it through
 * {@link LoadedPatientTables} rather than each reading the IDs again. Safe
 * for concurrent readers once built.
 */
public final class LoadedPatients {
    private static final String COUNT = "SELECT COUNT(*), MAX(line_no) FROM " + StagingTable.PATIENTS.tableName()
            + " WHERE run_id = ? AND src = ? AND file_name = ?";
    /** One page of lines of the patient file, found through the staging table's key (run, source, file, line). */
    private static final String IDS = "SELECT patient_id FROM " + StagingTable.PATIENTS.tableName()
            + " WHERE run_id = ? AND src = ? AND file_name = ? AND line_no >= ? AND line_no < ?";
    /**
     * Lines of the patient file read per query: fewer rows than the embedded database keeps in
     * memory ({@code hsqldb.result_max_memory_rows=20000}), so no page's result is spilled to disk
     * and sorted there.
     */
    static final int PAGE_LINES = 10_000;
    /** Slots at least twice the IDs (so that probing stays short and always ends at an empty slot), never fewer than this. */
    static final int MIN_SLOTS = 1024;

    private final JdbcTemplate jdbc;
    private final long runId;
    private final String source;
    private final String patientFile;
    private final Path scratchDirectory;
    private final int pageLines;

    /** Slot i: 0 if empty, else the ID's hash (high 32 bits) and its key's offset in {@link #keys} plus one (low 32 bits). */
    private volatile MappedByteBuffer slots;
    /** Each key: its UTF-8 length (two bytes), then its UTF-8 bytes. */
    private MappedByteBuffer keys;
    private int mask;
    private long size;

    /** The patients staged from {@code patientFile}, the source's patient file; builds its table in the JVM's temporary folder. */
    public LoadedPatients(JdbcTemplate jdbc, long runId, String source, String patientFile) {
        this(jdbc, runId, source, patientFile, Path.of(System.getProperty("java.io.tmpdir")), PAGE_LINES);
    }

    LoadedPatients(JdbcTemplate jdbc, long runId, String source, String patientFile, Path scratchDirectory, int pageLines) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.source = source;
        this.patientFile = patientFile;
        this.scratchDirectory = scratchDirectory;
        this.pageLines = pageLines;
    }

    /** Those of {@code patientIds} that have a staged patient row. */
    public Set<String> among(Collection<String> patientIds) {
        built();
        Set<String> loaded = new HashSet<>();
        for (String id : patientIds) {
            if (contains(id)) loaded.add(id);
        }
        return loaded;
    }

    /** Staged patient rows of the source when the table was built (a patient defined twice counts twice). */
    long size() {
        built();
        return size;
    }

    private void built() {
        if (slots == null) {
            synchronized (this) {
                if (slots == null) build();
            }
        }
    }

    private boolean contains(String id) {
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        int hash = hash(id);
        MappedByteBuffer table = slots;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long slot = table.getLong(i * 8);
            if (slot == 0) return false;
            if ((int) (slot >>> 32) == hash && keyEquals((int) slot - 1, key)) return true;
        }
    }

    private boolean keyEquals(int offset, byte[] key) {
        int length = keys.getShort(offset) & 0xFFFF;
        if (length != key.length) return false;
        for (int i = 0; i < length; i++) {
            if (keys.get(offset + 2 + i) != key[i]) return false;
        }
        return true;
    }

    private static int hash(String id) {
        int h = id.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void build() {
        long[] countAndLastLine = jdbc.queryForObject(COUNT, (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId, source, patientFile);
        long expected = countAndLastLine[0];
        long lastLine = countAndLastLine[1];
        long slotCount = Math.max(MIN_SLOTS, Long.highestOneBit(Math.max(1, expected * 2 - 1)) << 1);
        if (slotCount * 8 > Integer.MAX_VALUE) {
            throw new IllegalStateException("source " + source + " has " + expected + " staged patients, more than the loaded-patient table holds");
        }
        int slotBytes = (int) slotCount * 8;
        try {
            Path file = Files.createTempFile(scratchDirectory, "loaded-patients-", ".tmp"); // owner-only on POSIX
            // DELETE_ON_CLOSE unlinks the file as it is opened (POSIX), or when the channel closes; the mappings outlive both.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
                MappedByteBuffer table = channel.map(FileChannel.MapMode.READ_WRITE, 0, slotBytes);
                KeyAppender appender = new KeyAppender(channel, slotBytes);
                int tableMask = (int) slotCount - 1;
                long[] stored = {0};
                for (long first = 0; expected > 0 && first <= lastLine; first += pageLines) {
                    long from = first;
                    jdbc.query(connection -> {
                        PreparedStatement statement = connection.prepareStatement(IDS);
                        statement.setFetchSize(1000); // PostgreSQL streams (inside the chunk's transaction) instead of holding the page
                        statement.setLong(1, runId);
                        statement.setString(2, source);
                        statement.setString(3, patientFile);
                        statement.setLong(4, from);
                        statement.setLong(5, from + pageLines);
                        return statement;
                    }, rs -> {
                        if (++stored[0] > expected) throw new IllegalStateException("the staged patients of source " + source + " changed while read");
                        String id = rs.getString(1);
                        long slot = ((long) hash(id) << 32) | (appender.append(id.getBytes(StandardCharsets.UTF_8)) + 1);
                        int i = hash(id) & tableMask;
                        while (table.getLong(i * 8) != 0) i = (i + 1) & tableMask;
                        table.putLong(i * 8, slot);
                    });
                }
                if (stored[0] != expected) throw new IllegalStateException("the staged patients of source " + source + " changed while read");
                long keyBytes = appender.finish();
                keys = channel.map(FileChannel.MapMode.READ_ONLY, slotBytes, Math.max(1, keyBytes));
                mask = tableMask;
                size = stored[0];
                slots = table; // last: publishes the others to readers that see it
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the table of loaded patients of source " + source + " in " + scratchDirectory, e);
        }
    }

    /** Appends keys to the file after the slots, through a buffer; offsets are relative to the first key. */
    private static final class KeyAppender {
        private final FileChannel channel;
        private final long start;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        private long written;

        KeyAppender(FileChannel channel, long start) {
            this.channel = channel;
            this.start = start;
        }

        long append(byte[] key) {
            if (key.length > 0xFFFF) throw new IllegalStateException("a patient ID longer than 65535 bytes");
            long offset = written + buffer.position();
            if (offset + 2 + key.length > Integer.MAX_VALUE) throw new IllegalStateException("the loaded patients' IDs outgrew their table");
            if (buffer.remaining() < 2 + key.length) flush();
            offset = written + buffer.position();
            buffer.putShort((short) key.length).put(key);
            return offset;
        }

        long finish() {
            flush();
            return written;
        }

        private void flush() {
            buffer.flip();
            try {
                while (buffer.hasRemaining()) written += channel.write(buffer, start + written);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buffer.clear();
        }
    }
}
