package org.registrytrialmatcher.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.source.RecordKind;

/**
 * Packet segments on real files: what is appended reads back through the pointer its row holds;
 * a segment reopened for a restarted file is cut back to what its committed chunks wrote; a
 * segment that lost committed bytes, a pointer past the end and a missing segment fail saying
 * what happened and what to do; files and folders are owner-only.
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

    @Test
    void aPacketAppendedReadsBackThroughThePointerItsRowHolds() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        byte[][] packets = {packet(1, 1), packet(300, 2), packet(200_000, 3), packet(17, 4)};
        byte[][] pointers = new byte[packets.length][];
        try (PacketSegments.Appender appender = segments.appender(7, "rheum", RecordKind.LABS, 0)) {
            for (int i = 0; i < packets.length; i++) pointers[i] = appender.append(packets[i]);
            appender.force();
            assertThat(appender.length()).isEqualTo(1 + 300 + 200_000 + 17);
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            for (int i = packets.length - 1; i >= 0; i--) { // in any order
                assertThat(PacketSegments.isPointer(pointers[i])).isTrue();
                assertThat(pointers[i].length).isLessThan(12);
                assertThat(reader.read(7, "rheum", RecordKind.LABS, pointers[i])).isEqualTo(packets[i]);
            }
        }
        assertThat(PacketSegments.isPointer(packets[1])).as("a packet is no pointer").isFalse();
        assertThat(PacketSegments.isPointer(new byte[0])).isFalse();
        assertThat(dir.resolve("rtm.packets/run-7/rheum.labs.pkt")).exists().hasSize(1 + 300 + 200_000 + 17);
    }

    @Test
    void oneReaderReadsTheSegmentsOfEverySourceKindAndRunItIsAskedFor() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        byte[][] pointers = new byte[4][];
        Object[][] where = {{1L, "rheum", RecordKind.LABS}, {1L, "nephro", RecordKind.LABS}, {1L, "rheum", RecordKind.BIOPSIES}, {2L, "rheum", RecordKind.LABS}};
        for (int i = 0; i < where.length; i++) {
            try (PacketSegments.Appender appender = segments.appender((Long) where[i][0], (String) where[i][1], (RecordKind) where[i][2], 0)) {
                appender.append(packet(10 + i, 100 + i)); // a different first packet in each segment
                pointers[i] = appender.append(packet(50 + i, i));
            }
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < where.length; i++) {
                    assertThat(reader.read((Long) where[i][0], (String) where[i][1], (RecordKind) where[i][2], pointers[i])).isEqualTo(packet(50 + i, i));
                }
            }
        }
    }

    @Test
    void aSegmentReopenedForARestartedFileIsCutBackToItsCommittedLength() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        byte[] committed;
        long committedLength;
        try (PacketSegments.Appender appender = segments.appender(1, "nephro", RecordKind.MEDICATIONS, 0)) {
            committed = appender.append(packet(500, 1));
            committedLength = appender.length();
            appender.append(packet(700, 2)); // a chunk killed before its commit
        }
        Path file = dir.resolve("rtm.packets/run-1/nephro.medications.pkt");
        assertThat(file).hasSize(1200);

        byte[] resumed = packet(90, 3);
        byte[] resumedPointer;
        try (PacketSegments.Appender appender = segments.appender(1, "nephro", RecordKind.MEDICATIONS, committedLength)) {
            assertThat(file).hasSize(500);
            resumedPointer = appender.append(resumed);
            assertThat(appender.length()).isEqualTo(590);
        }
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThat(reader.read(1, "nephro", RecordKind.MEDICATIONS, committed)).isEqualTo(packet(500, 1));
            assertThat(reader.read(1, "nephro", RecordKind.MEDICATIONS, resumedPointer)).isEqualTo(resumed);
        }
        // a file restarted before its first commit starts its segment again from nothing
        segments.appender(1, "nephro", RecordKind.MEDICATIONS, 0).close();
        assertThat(file).hasSize(0);
    }

    @Test
    void aSegmentShorterThanItsCommittedChunksWroteIsRefusedWithWhatToDo() throws IOException {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        try (PacketSegments.Appender appender = segments.appender(3, "rheum", RecordKind.DIAGNOSES, 0)) {
            appender.append(packet(40, 1));
        }
        assertThatThrownBy(() -> segments.appender(3, "rheum", RecordKind.DIAGNOSES, 100))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rheum.diagnoses.pkt holds 40 bytes, fewer than the 100 its committed chunks wrote")
                .hasMessageContaining("--fresh-run");
        assertThat(dir.resolve("rtm.packets/run-3/rheum.diagnoses.pkt")).as("left as it was found").hasSize(40);
    }

    @Test
    void aPointerPastTheEndOrIntoAMissingSegmentSaysSo() {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        byte[] pointer;
        try (PacketSegments.Appender appender = segments.appender(4, "rheum", RecordKind.LABS, 0)) {
            pointer = appender.append(packet(64, 1));
        }
        segments.appender(4, "rheum", RecordKind.LABS, 10).close(); // cut to 10 bytes, as if restored from an older copy
        try (PacketSegments.Reader reader = segments.reader()) {
            assertThatThrownBy(() -> reader.read(4, "rheum", RecordKind.LABS, pointer))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rheum.labs.pkt ends before a packet its database row points to (at byte 0, 64 bytes)");
            assertThatThrownBy(() -> reader.read(4, "nephro", RecordKind.LABS, pointer))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nephro.labs.pkt is missing");
            assertThatThrownBy(() -> reader.read(4, "rheum", RecordKind.LABS, new byte[] {6, (byte) 0x80}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed packet pointer");
        }
    }

    @Test
    void segmentsAreOwnerOnlyAndNamedOnlyByPlainSourceNames() throws IOException {
        PacketSegments segments = new PacketSegments(dir.resolve("rtm.packets"));
        segments.appender(5, "rheum", RecordKind.OBSERVATIONS, 0).close();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rtm.packets")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rtm.packets/run-5")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rtm.packets/run-5/rheum.observations.pkt"))))
                    .isEqualTo("rw-------");
        }
        assertThatThrownBy(() -> segments.appender(5, "../rheum", RecordKind.LABS, 0)).isInstanceOf(IllegalArgumentException.class);
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
