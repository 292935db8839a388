package org.registrytrialmatcher.ingest;

/** What the row parser made of one export record: a row to stage, or a rejected row with its reason. */
public sealed interface ParsedRow {
    long line();

    String raw();

    /**
     * A row to stage: the typed values of its kind's staging table; for a patient row, the 16 bytes
     * of the hash of its fields ({@code stg_patient.row_hash}, null for a fact row); for a fact row,
     * its fields as text where its raw text does not give them exactly ({@code DuplicateKey}), else null.
     */
    record Staged(long line, String raw, byte[] rowHash, String fieldsText, Object[] values) implements ParsedRow {
        /** A patient row. */
        public static Staged patient(long line, String raw, byte[] rowHash, Object[] values) {
            return new Staged(line, raw, rowHash, null, values);
        }

        /** A fact row. */
        public static Staged fact(long line, String raw, String fieldsText, Object[] values) {
            return new Staged(line, raw, null, fieldsText, values);
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
