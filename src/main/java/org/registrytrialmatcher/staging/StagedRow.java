package org.registrytrialmatcher.staging;

/**
 * One loaded record of an export file as staged: where it came from (file, 1-based line),
 * the hash of its fields (to find exact duplicates), its raw text (for rejected.csv) and its
 * typed values in the order of its {@link StagingTable}'s columns.
 */
public record StagedRow(String source, String file, long line, String rowHash, String raw, Object[] values) {
}
