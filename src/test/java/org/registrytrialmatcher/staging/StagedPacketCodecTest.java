package org.registrytrialmatcher.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class StagedPacketCodecTest {
    @Test
    void everyKindOfValueComesBackAsStaged() {
        String longRaw = "x".repeat(5000) + "\u00e9\u4e2d\ud83d\ude00";
        List<StagedRow> rows = List.of(
                new StagedRow("rheum", "labs.csv", 2, "0123456789abcdef0123456789abcdef", "R1,2024-01-02,CREA,54",
                        new Object[] {"R1", LocalDate.of(2024, 1, 2), null, 54.2, -0.0, Double.NaN, 7L, -3, ""}),
                new StagedRow("rheum", "labs.csv", 4_000_000_000L, "ffffffffffffffffffffffffffffffff", longRaw,
                        new Object[] {"R1", LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), Double.MAX_VALUE, null, null, Long.MIN_VALUE, Integer.MAX_VALUE, "\u0000;\n\""}),
                new StagedRow("rheum", "labs.csv", 5, "00000000000000000000000000000000", null, new Object[0]));

        List<StagedRow> back = StagedPacketCodec.decode("rheum", "labs.csv", encode(rows));

        assertThat(back).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(back.get(i).line()).isEqualTo(rows.get(i).line());
            assertThat(back.get(i).rowHash()).isEqualTo(rows.get(i).rowHash());
            assertThat(back.get(i).raw()).isEqualTo(rows.get(i).raw());
            assertThat(back.get(i).source()).isEqualTo("rheum");
            assertThat(back.get(i).file()).isEqualTo("labs.csv");
            assertThat(back.get(i).values()).containsExactly(rows.get(i).values());
        }
        assertThat((Double) back.get(0).values()[4]).isEqualTo(-0.0).matches(d -> 1 / d < 0, "negative zero");
    }

    @Test
    void aValueOfAnUnstageableTypeIsRefused() {
        assertThatThrownBy(() -> encode(List.of(new StagedRow("s", "f", 1, "00000000000000000000000000000000", "r",
                new Object[] {new java.math.BigDecimal("1")})))).hasMessageContaining("BigDecimal");
    }

    @Test
    void oneEncoderBuildsPacketAfterPacketWithoutCarryingAnythingOver() {
        StagedPacketCodec.Encoder encoder = new StagedPacketCodec.Encoder();
        encoder.begin(1);
        encoder.row(7, new byte[16], "x".repeat(100_000), new Object[] {"long packet"});
        encoder.finish();
        encoder.begin(1);
        encoder.row(8, new byte[16], "R2", new Object[] {"short"});
        List<StagedRow> back = StagedPacketCodec.decode("s", "f", encoder.finish());
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(8);
            assertThat(r.raw()).isEqualTo("R2");
            assertThat(r.values()).containsExactly("short");
        });
    }

    /** Encodes rows as the staging writer does, their hashes given in hexadecimal. */
    private static byte[] encode(List<StagedRow> rows) {
        StagedPacketCodec.Encoder encoder = new StagedPacketCodec.Encoder();
        encoder.begin(rows.size());
        for (StagedRow r : rows) encoder.row(r.line(), java.util.HexFormat.of().parseHex(r.rowHash()), r.raw(), r.values());
        return encoder.finish();
    }

    @Test
    void bytesOfAnotherFormatAreRefused() {
        assertThatThrownBy(() -> StagedPacketCodec.decode("s", "f", new byte[] {9, 0})).hasMessageContaining("unknown format");
    }

    @Test
    void aPatientsLabPacketIsStoredInFewerBytesThanTheRawTextOfItsRows() {
        StagedPacketCodec.Encoder encoder = new StagedPacketCodec.Encoder();
        encoder.begin(80);
        long rawBytes = 0;
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 80; i++) {
            LocalDate date = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(1500));
            String value = String.valueOf(20 + random.nextInt(900) / 10.0);
            String raw = "RH-000123," + date + ",CREAT,Creatinine," + value + ",umol/L,,LAB-" + random.nextInt(100_000);
            rawBytes += raw.length();
            byte[] hash = new byte[16];
            random.nextBytes(hash);
            encoder.row(2 + i, hash, raw, new Object[] {"RH-000123", date, "CREAT", "Creatinine", Double.valueOf(value), "umol/L", null});
        }
        byte[] packet = encoder.finish();

        assertThat(packet.length).isLessThan((int) rawBytes);
        assertThat(StagedPacketCodec.decode("rheum", "labs.csv", packet)).hasSize(80)
                .first().satisfies(r -> assertThat(r.raw()).startsWith("RH-000123,"));
    }

    @Test
    void aPlainPacketOfAnEarlierVersionIsStillRead() {
        // Format 3, as versions before compression staged it: one row, line 12, hash 0x00..0f, raw "R1,x", values ["R1"].
        byte[] plain = {3, 1, 12, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 5, 'R', '1', ',', 'x', 1, 1, 3, 'R', '1'};

        assertThat(StagedPacketCodec.decode("rheum", "labs.csv", plain)).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(12);
            assertThat(r.rowHash()).isEqualTo("000102030405060708090a0b0c0d0e0f");
            assertThat(r.raw()).isEqualTo("R1,x");
            assertThat(r.values()).containsExactly("R1");
        });
    }

    @Test
    void aCompressedPacketThatDoesNotDecompressIsReportedCorrupt() {
        byte[] packet = encode(List.of(new StagedRow("s", "f", 1, "00000000000000000000000000000000", "R1,2024-01-02", new Object[] {"R1"})));
        byte[] truncated = java.util.Arrays.copyOf(packet, packet.length - 3);

        assertThatThrownBy(() -> StagedPacketCodec.decode("s", "f", truncated)).hasMessageContaining("corrupt");
    }
}
