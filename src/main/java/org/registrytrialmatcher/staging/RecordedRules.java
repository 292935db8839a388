package org.registrytrialmatcher.staging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recorded rule results of each cohort result ({@code cohort_rules}: UTF-8 JSON, stored as an
 * {@link Lz4Block} after a zero byte).
 */
public final class RecordedRules {
    public static final String TABLE = "cohort_rules";

    private RecordedRules() {
    }

    /** Says that the rest is compressed: JSON in UTF-8 never begins with a zero byte. */
    private static final byte COMPRESSED = 0;

    /** JSON as stored. */
    public static byte[] bytes(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return Lz4Block.compress(COMPRESSED, utf8, 0, utf8.length);
    }

    /** The JSON of stored bytes. */
    public static String text(byte[] stored) {
        if (stored == null) return null;
        return new String(Lz4Block.decompress(stored, "recorded rules"), StandardCharsets.UTF_8);
    }

    /** The rules JSON of a child in a cohort in a run, or null if none is recorded. */
    public static String rulesOf(JdbcTemplate jdbc, long runId, String cohort, String patientRef) {
        List<byte[]> found = jdbc.query("SELECT rules FROM " + TABLE + " WHERE run_id = ? AND patient_ref = ? AND cohort = ?",
                (rs, n) -> rs.getBytes(1), runId, patientRef, cohort);
        return found.isEmpty() ? null : text(found.get(0));
    }
}
