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
}
