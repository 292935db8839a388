package org.registrytrialmatcher.ingest;

import org.registrytrialmatcher.staging.StagedPacketCodec;

/** What the row parser made of one export record: a row to stage, or a rejected row with its reason. */
public sealed interface ParsedRow {
    long line();

    String raw();

    /**
     * A row to stage. A patient row has the typed values of its staging table and the 16 bytes of
     * the hash of its fields ({@code stg_patient.row_hash}). A fact row has its patient ID and the
     * row already in its packet form ({@link StagedPacketCodec.RowPacker}: line, fields text where its
     * raw text does not give them exactly ({@code DuplicateKey}), raw text and typed values).
     */
    record Staged(long line, String raw, byte[] rowHash, Object[] patientValues, String patientId, byte[] packedRow) implements ParsedRow {
        /** A patient row. */
        public static Staged patient(long line, String raw, byte[] rowHash, Object[] values) {
            return new Staged(line, raw, rowHash, values, null, null);
        }

        /** A fact row of patient {@code patientId}, in its packet form. */
        public static Staged fact(long line, String raw, String patientId, byte[] packedRow) {
            return new Staged(line, raw, null, null, patientId, packedRow);
        }

        /** The typed values in the column order of the kind's staging table (a fact row's decoded from its packet form). */
        public Object[] values() {
            return packedRow == null ? patientValues : StagedPacketCodec.valuesOf(packedRow);
        }

        /** The hash as 32 hexadecimal digits, as staged rows and packets give it back. */
        public String rowHashHex() {
            return java.util.HexFormat.of().formatHex(rowHash);
        }
    }

    /** A row that is not loaded, with a reason a registry data manager can act on. */
    record Rejected(long line, String raw, String reason) implements ParsedRow {
    }
}
