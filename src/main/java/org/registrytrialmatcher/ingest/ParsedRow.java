package org.registrytrialmatcher.ingest;

/** What the row parser made of one export record: a row to stage, or a rejected row with its reason. */
public sealed interface ParsedRow {
    long line();

    String raw();

    /** A row to stage: the typed values of its kind's staging table and the 16 bytes of the hash of its fields. */
    record Staged(long line, String raw, byte[] rowHash, Object[] values) implements ParsedRow {
        /** The hash as 32 hexadecimal digits, as staged rows and packets give it back. */
        public String rowHashHex() {
            return java.util.HexFormat.of().formatHex(rowHash);
        }
    }

    /** A row that is not loaded, with a reason a registry data manager can act on. */
    record Rejected(long line, String raw, String reason) implements ParsedRow {
    }
}
