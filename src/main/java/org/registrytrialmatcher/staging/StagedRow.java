package org.registrytrialmatcher.staging;

/**
 * One loaded record of an export file as staged: where it came from (file, 1-based line),
 * its {@link DuplicateKey} (equal for exact duplicates), its raw text (for rejected.csv) and
 * its typed values in the order of its {@link StagingTable}'s columns.
 */
public record StagedRow(String source, String file, long line, String duplicateKey, String raw, Object[] values) {
}
