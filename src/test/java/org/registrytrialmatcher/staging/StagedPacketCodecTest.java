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
        // the staged fields text, where a row has one, is its duplicate key; else its raw text is
        List<StagedRow> rows = List.of(
                new StagedRow("rheum", "labs.csv", 2, "R1,2024-01-02,CREA,54", "R1,2024-01-02,CREA,54",
                        new Object[] {"R1", LocalDate.of(2024, 1, 2), null, 54.2, -0.0, Double.NaN, 7L, -3, ""}),
                new StagedRow("rheum", "labs.csv", 4_000_000_000L, "\n3:a,b1:\u00e9", longRaw,
                        new Object[] {"R1", LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), Double.MAX_VALUE, null, null, Long.MIN_VALUE, Integer.MAX_VALUE, "\u0000;\n\""}),
                new StagedRow("rheum", "labs.csv", 5, "R2,,", null, new Object[0]));

        List<StagedRow> back = StagedPacketCodec.decode("rheum", "labs.csv", '"', encode(rows));

        assertThat(back).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(back.get(i).line()).isEqualTo(rows.get(i).line());
            assertThat(back.get(i).duplicateKey()).isEqualTo(rows.get(i).duplicateKey());
            assertThat(back.get(i).raw()).isEqualTo(rows.get(i).raw());
            assertThat(back.get(i).source()).isEqualTo("rheum");
            assertThat(back.get(i).file()).isEqualTo("labs.csv");
            assertThat(back.get(i).values()).containsExactly(rows.get(i).values());
        }
        assertThat((Double) back.get(0).values()[4]).isEqualTo(-0.0).matches(d -> 1 / d < 0, "negative zero");
    }

    @Test
    void aValueOfAnUnstageableTypeIsRefused() {
        assertThatThrownBy(() -> encode(List.of(new StagedRow("s", "f", 1, "r", "r",
                new Object[] {new java.math.BigDecimal("1")})))).hasMessageContaining("BigDecimal");
    }

    @Test
    void oneEncoderBuildsPacketAfterPacketWithoutCarryingAnythingOver() {
        StagedPacketCodec.Encoder encoder = new StagedPacketCodec.Encoder();
        encoder.begin(1);
        encoder.row(7, "x".repeat(100_000), "x".repeat(2000) + "[...]", new Object[] {"long packet"});
        encoder.finish();
        encoder.begin(1);
        encoder.row(8, null, "R2", new Object[] {"short"});
        List<StagedRow> back = StagedPacketCodec.decode("s", "f", '"', encoder.finish());
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(8);
            assertThat(r.raw()).isEqualTo("R2");
            assertThat(r.duplicateKey()).isEqualTo("R2");
            assertThat(r.values()).containsExactly("short");
        });
    }

    /** Encodes rows as the staging writer does: a row whose duplicate key is not its raw text has it staged as its fields text. */
    private static byte[] encode(List<StagedRow> rows) {
        StagedPacketCodec.Encoder encoder = new StagedPacketCodec.Encoder();
        encoder.begin(rows.size());
        for (StagedRow r : rows) encoder.row(r.line(), r.duplicateKey().equals(r.raw()) ? null : r.duplicateKey(), r.raw(), r.values());
        return encoder.finish();
    }

    @Test
    void bytesOfAnotherFormatAreRefused() {
        assertThatThrownBy(() -> StagedPacketCodec.decode("s", "f", '"', new byte[] {9, 0})).hasMessageContaining("unknown format");
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
            encoder.row(2 + i, null, raw, new Object[] {"RH-000123", date, "CREAT", "Creatinine", Double.valueOf(value), "umol/L", null});
        }
        byte[] packet = encoder.finish();

        assertThat(packet.length).isLessThan((int) rawBytes);
        assertThat(StagedPacketCodec.decode("rheum", "labs.csv", '"', packet)).hasSize(80)
                .first().satisfies(r -> assertThat(r.raw()).startsWith("RH-000123,"));
    }

    @Test
    void aPlainPacketOfAnEarlierVersionIsStillReadItsUnquotedRowsKeyedByTheirRawText() {
        // Format 3, as versions before compression staged it: line 12, hash 0x00..0f, raw "R1,x", values ["R1"]; then
        // line 13, the same hash, raw "R1,"x"" (quoted: its raw text is not its key, the hash is), values ["R1"].
        byte[] plain = {3, 2, 12, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 5, 'R', '1', ',', 'x', 1, 1, 3, 'R', '1',
                13, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 7, 'R', '1', ',', '"', 'x', '"', 1, 1, 3, 'R', '1'};

        List<StagedRow> back = StagedPacketCodec.decode("rheum", "labs.csv", '"', plain);
        assertThat(back).hasSize(2);
        assertThat(back.get(0)).satisfies(r -> {
            assertThat(r.line()).isEqualTo(12);
            assertThat(r.duplicateKey()).isEqualTo("R1,x"); // as a row staged since with the same fields
            assertThat(r.raw()).isEqualTo("R1,x");
            assertThat(r.values()).containsExactly("R1");
        });
        assertThat(back.get(1).duplicateKey()).isEqualTo("\n\n000102030405060708090a0b0c0d0e0f");
        assertThat(back.get(1).raw()).isEqualTo("R1,\"x\"");
        // compressed, as the version before this one staged it
        assertThat(StagedPacketCodec.decode("rheum", "labs.csv", '"', Lz4Block.compress((byte) 4, plain, 0, plain.length)))
                .extracting(StagedRow::duplicateKey).containsExactly("R1,x", "\n\n000102030405060708090a0b0c0d0e0f");
        // in a dialect without quotes, the second row's raw text is its key too
        assertThat(StagedPacketCodec.decode("rheum", "labs.csv", null, plain)).extracting(StagedRow::duplicateKey).containsExactly("R1,x", "R1,\"x\"");
    }

    @Test
    void aCompressedPacketThatDoesNotDecompressIsReportedCorrupt() {
        byte[] packet = encode(List.of(new StagedRow("s", "f", 1, "R1,2024-01-02", "R1,2024-01-02", new Object[] {"R1"})));
        byte[] truncated = java.util.Arrays.copyOf(packet, packet.length - 3);

        assertThatThrownBy(() -> StagedPacketCodec.decode("s", "f", '"', truncated)).hasMessageContaining("corrupt");
    }
}
