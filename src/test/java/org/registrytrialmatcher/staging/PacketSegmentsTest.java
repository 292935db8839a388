package org.registrytrialmatcher.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.source.RecordKind;

/**
 * Packet segments on real files: a patient's packets are found again by patient, in line order,
 * and nobody else's; a segment reopened for a restarted file is cut back to what its committed
 * chunks wrote; a segment that lost committed bytes, a damaged or missing segment and one of an
 * earlier format fail saying what happened and what to do; files and folders are owner-only.
 */
class PacketSegmentsTest {
    @TempDir
    Path dir;

    private static byte[] packet(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 4; // an LZ4 packet's marker
        return bytes;
    }

    private static List<byte[]> bytes(List<PacketSegments.Packet> packets) {
        return packets.stream().map(PacketSegments.Packet::bytes).toList();
    }

    @Test
    void aPatientsPacketsAreFoundByPatientInLineOrderWithWhereTheyCameFrom() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        try (PacketSegments.Appender appender = segments.appender(7, "rheum", RecordKind.LABS, "labs.csv", 0)) {
            appender.append("R1", 2, 4, 3, packet(1, 1));
            appender.append("R2", 5, 5, 1, packet(300, 2));
            appender.force(); // one chunk
            appender.append("R2", 6, 9, 2, packet(200_000, 3)); // R2 again in the next chunk, a packet larger than a read
            appender.append("R10", 10, 10, 1, packet(17, 4));
            appender.append("Ré", 11, 11, 1, packet(5, 5));
            appender.force();
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            List<PacketSegments.Packet> r2 = reader.packets(7, "rheum", RecordKind.LABS, "R2");
            assertThat(bytes(r2)).containsExactly(packet(300, 2), packet(200_000, 3));
            assertThat(r2).extracting(PacketSegments.Packet::firstLine).containsExactly(5L, 6L);
            assertThat(r2).extracting(PacketSegments.Packet::lastLine).containsExactly(5L, 9L);
            assertThat(r2).extracting(PacketSegments.Packet::rowCount).containsExactly(1, 2);
            assertThat(r2).extracting(PacketSegments.Packet::fileName).containsOnly("labs.csv");
            assertThat(bytes(reader.packets(7, "rheum", RecordKind.LABS, "R1"))).containsExactly(packet(1, 1));
            assertThat(bytes(reader.packets(7, "rheum", RecordKind.LABS, "R10"))).containsExactly(packet(17, 4));
            assertThat(bytes(reader.packets(7, "rheum", RecordKind.LABS, "Ré"))).containsExactly(packet(5, 5));
            assertThat(reader.packets(7, "rheum", RecordKind.LABS, "R3")).as("a patient with no rows of the kind").isEmpty();
            assertThat(reader.packets(7, "rheum", RecordKind.LABS, "R")).isEmpty();
        }
        List<String> inFileOrder = new ArrayList<>();
        segments.forEach(7, "rheum", RecordKind.LABS, p -> inFileOrder.add(p.patientId() + "@" + p.firstLine()));
        assertThat(inFileOrder).containsExactly("R1@2", "R2@5", "R2@6", "R10@10", "Ré@11");
    }

    /** More patients than the smallest lookup table has slots, several packets each, read from several threads at once. */
    @Test
    void everyPatientOfALargeSegmentIsFoundFromConcurrentReaders() throws Exception {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        int patients = 3000;
        try (PacketSegments.Appender appender = segments.appender(8, "nephro", RecordKind.OBSERVATIONS, "clinical.csv", 0)) {
            long line = 2;
            for (int chunk = 0; chunk < 3; chunk++) {
                for (int p = 0; p < patients; p++) {
                    appender.append("N" + p, line, line, 1, packet(8 + p % 50, p * 10L + chunk));
                    line++;
                }
                appender.force();
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(threads.submit(() -> {
                    try (PacketSegments.Reader reader = segments.reader()) {
                        for (int p = first; p < patients; p += 4) {
                            assertThat(bytes(reader.packets(8, "nephro", RecordKind.OBSERVATIONS, "N" + p)))
                                    .containsExactly(packet(8 + p % 50, p * 10L), packet(8 + p % 50, p * 10L + 1), packet(8 + p % 50, p * 10L + 2));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void oneReaderReadsTheSegmentsOfEverySourceKindAndRunItIsAskedFor() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        Object[][] where = {{1L, "rheum", RecordKind.LABS}, {1L, "nephro", RecordKind.LABS}, {1L, "rheum", RecordKind.BIOPSIES}, {2L, "rheum", RecordKind.LABS}};
        for (int i = 0; i < where.length; i++) {
            try (PacketSegments.Appender appender = segments.appender((Long) where[i][0], (String) where[i][1], (RecordKind) where[i][2], "f" + i + ".csv", 0)) {
                appender.append("P", 2, 2, 1, packet(50 + i, i)); // the same patient ID in each segment, a different packet
                appender.force();
            }
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < where.length; i++) {
                    List<PacketSegments.Packet> found = reader.packets((Long) where[i][0], (String) where[i][1], (RecordKind) where[i][2], "P");
                    assertThat(bytes(found)).containsExactly(packet(50 + i, i));
                    assertThat(found.get(0).fileName()).isEqualTo("f" + i + ".csv");
                }
            }
        }
    }

    @Test
    void aSegmentReopenedForARestartedFileIsCutBackToItsCommittedLength() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        long committedLength;
        try (PacketSegments.Appender appender = segments.appender(1, "nephro", RecordKind.MEDICATIONS, "treatments.csv", 0)) {
            appender.append("N1", 2, 3, 2, packet(500, 1));
            appender.force();
            committedLength = appender.length();
            appender.append("N2", 4, 4, 1, packet(700, 2)); // a chunk killed before its commit, its bytes already on disk
            appender.force();
        }
        Path file = dir.resolve("rtm.packets/run-1/nephro.medications.pkt");
        assertThat(file.toFile().length()).isGreaterThan(committedLength + 700);
        List<String> committedBeforeTheRestart = new ArrayList<>();
        segments.forEach(1, "nephro", RecordKind.MEDICATIONS, committedLength, p -> committedBeforeTheRestart.add(p.patientId()));
        assertThat(committedBeforeTheRestart).as("what the killed run had committed").containsExactly("N1");
        assertThatThrownBy(() -> segments.forEach(1, "nephro", RecordKind.MEDICATIONS, committedLength + 1, p -> { }))
                .hasMessageContaining("no entry ending at byte " + (committedLength + 1));

        try (PacketSegments.Appender appender = segments.appender(1, "nephro", RecordKind.MEDICATIONS, "treatments.csv", committedLength)) {
            assertThat(file).hasSize(committedLength);
            appender.append("N2", 4, 5, 2, packet(90, 3)); // the chunk again, now with one more row
            appender.force();
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThat(bytes(reader.packets(1, "nephro", RecordKind.MEDICATIONS, "N1"))).containsExactly(packet(500, 1));
            assertThat(bytes(reader.packets(1, "nephro", RecordKind.MEDICATIONS, "N2"))).as("the uncommitted chunk's packet is gone")
                    .containsExactly(packet(90, 3));
        }
        // a file restarted before its first commit starts its segment again from its header
        segments.appender(1, "nephro", RecordKind.MEDICATIONS, "treatments.csv", 0).close();
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThat(reader.packets(1, "nephro", RecordKind.MEDICATIONS, "N1")).as("a new table for the segment staged again").isEmpty();
        }
        List<PacketSegments.Packet> all = new ArrayList<>();
        segments.forEach(1, "nephro", RecordKind.MEDICATIONS, all::add);
        assertThat(all).isEmpty();
    }

    @Test
    void aSegmentShorterThanItsCommittedChunksWroteIsRefusedWithWhatToDo() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        long length;
        try (PacketSegments.Appender appender = segments.appender(3, "rheum", RecordKind.DIAGNOSES, "diagnoses.csv", 0)) {
            appender.append("R1", 2, 2, 1, packet(40, 1));
            appender.force();
            length = appender.length();
        }
        assertThatThrownBy(() -> segments.appender(3, "rheum", RecordKind.DIAGNOSES, "diagnoses.csv", length + 100))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rheum.diagnoses.pkt holds " + length + " bytes, fewer than the " + (length + 100) + " its committed chunks wrote")
                .hasMessageContaining("--fresh-run");
        assertThat(dir.resolve("rtm.packets/run-3/rheum.diagnoses.pkt")).as("left as it was found").hasSize(length);
    }

    @Test
    void aDamagedMissingOrEarlierFormatSegmentSaysSoAndWhatToDo() throws IOException {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        try (PacketSegments.Appender appender = segments.appender(4, "rheum", RecordKind.LABS, "labs.csv", 0)) {
            appender.append("R1", 2, 2, 1, packet(64, 1));
            appender.force();
        }
        Path file = dir.resolve("rtm.packets/run-4/rheum.labs.pkt");
        try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw")) {
            cut.setLength(cut.length() - 10); // a packet cut short, as if restored from a partial copy
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThatThrownBy(() -> reader.packets(4, "rheum", RecordKind.LABS, "R1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rheum.labs.pkt is damaged at byte").hasMessageContaining("--fresh-run");
            assertThatThrownBy(() -> reader.packets(4, "nephro", RecordKind.LABS, "R1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nephro.labs.pkt is missing");
        }
        Files.write(dir.resolve("rtm.packets/run-4/rheum.diagnoses.pkt"), packet(64, 1)); // a segment of the earlier format: packets only
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThatThrownBy(() -> reader.packets(4, "rheum", RecordKind.DIAGNOSES, "R1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not in this version's format").hasMessageContaining("--fresh-run");
        }
        assertThatThrownBy(() -> segments.appender(4, "rheum", RecordKind.DIAGNOSES, "diagnoses.csv", 30))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not in this version's format").hasMessageContaining("--fresh-run");
    }

    /** A chunk staged twice (its length saved, yet its rows written again) is refused rather than read as twice the rows. */
    @Test
    void aPatientsRowsStagedTwiceAreRefused() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        try (PacketSegments.Appender appender = segments.appender(6, "rheum", RecordKind.LABS, "labs.csv", 0)) {
            appender.append("R1", 2, 5, 4, packet(30, 1));
            appender.append("R1", 5, 6, 2, packet(30, 2));
            appender.force();
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThatThrownBy(() -> reader.packets(6, "rheum", RecordKind.LABS, "R1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("holds the rows of line 5 twice").hasMessageContaining("--fresh-run");
        }
    }

    @Test
    void segmentsAreOwnerOnlyAndNamedOnlyByPlainSourceNames() throws IOException {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        segments.appender(5, "rheum", RecordKind.OBSERVATIONS, "observations.csv", 0).close();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rtm.packets")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rtm.packets/run-5")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rtm.packets/run-5/rheum.observations.pkt"))))
                    .isEqualTo("rw-------");
        }
        assertThatThrownBy(() -> segments.appender(5, "../rheum", RecordKind.LABS, "labs.csv", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheEmbeddedFileDatabaseKeepsPacketsInSegmentsBesideItsFiles() {
        assertThat(PacketSegments.besideDatabase("jdbc:hsqldb:file:/var/rtm/db/rtm;hsqldb.tx=mvcc;shutdown=true").directory())
                .isEqualTo(Path.of("/var/rtm/db/rtm.packets"));
        assertThat(PacketSegments.besideDatabase("jdbc:hsqldb:file:data/hsqldb/rtm").directory()).isEqualTo(Path.of("data/hsqldb/rtm.packets"));
        assertThat(PacketSegments.besideDatabase("jdbc:hsqldb:mem:test")).isNull();
        assertThat(PacketSegments.besideDatabase("jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true")).isNull();
        assertThat(PacketSegments.besideDatabase(null)).isNull();
    }
}
