package org.registrytrialmatcher.staging;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recorded rule results of each cohort result ({@code cohort_rules}: UTF-8 JSON, stored as an
 * {@link Lz4Block} after a zero byte), and
 * how to read those of a run evaluated by an earlier version, which kept them as text in
 * {@code cohort_rationale}. A nightly run compares its results with the previous run's, and the
 * first run after an upgrade finds the previous run's rules there.
 */
public final class RecordedRules {
    public static final String TABLE = "cohort_rules";
    static final String LEGACY_TABLE = "cohort_rationale";

    private RecordedRules() {
    }

    /** Says that the rest is compressed: JSON in UTF-8 never begins with a zero byte. */
    private static final byte COMPRESSED = 0;

    /** JSON as stored. */
    public static byte[] bytes(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return Lz4Block.compress(COMPRESSED, utf8, 0, utf8.length);
    }

    /** The JSON of stored bytes: compressed, or plain UTF-8 as versions before compression stored it. */
    public static String text(byte[] stored) {
        if (stored == null) return null;
        byte[] utf8 = stored.length > 0 && stored[0] == COMPRESSED ? Lz4Block.decompress(stored, "recorded rules") : stored;
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The rules JSON of a child in a cohort in a run, or null if none is recorded. */
    public static String rulesOf(JdbcTemplate jdbc, long runId, String cohort, String patientRef) {
        List<byte[]> found = jdbc.query("SELECT rules FROM " + TABLE + " WHERE run_id = ? AND patient_ref = ? AND cohort = ?",
                (rs, n) -> rs.getBytes(1), runId, patientRef, cohort);
        if (!found.isEmpty()) return text(found.get(0));
        if (!legacyTableExists(jdbc)) return null;
        List<String> legacy = jdbc.query("SELECT rules_json FROM " + LEGACY_TABLE + " WHERE run_id = ? AND patient_ref = ? AND cohort = ?",
                (rs, n) -> rs.getString(1), runId, patientRef, cohort);
        return legacy.isEmpty() ? null : legacy.get(0);
    }

    private static boolean legacyTableExists(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c -> exists(c, LEGACY_TABLE.toUpperCase(Locale.ROOT))
                || exists(c, LEGACY_TABLE)));
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet tables = meta.getTables(c.getCatalog(), c.getSchema(), name, new String[] {"TABLE"})) {
            return tables.next();
        }
    }
}
