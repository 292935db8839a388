package org.registrytrialmatcher.staging;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A staged row that a cross-row check rejected, with its reason, for {@code ingest_reject}: a
 * fact row stays in its packet (still staged), a patient row is removed from staging.
 */
public record StagedRowRejection(String source, int sourceOrder, String file, int fileOrder, long line, String category, String reason, String raw) {
    private static final String INSERT = "INSERT INTO ingest_reject (run_id, src, src_order, file_name, file_order, line_no, category, reason, raw,"
            + " still_staged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Writes rejected rows that stay in their packets, as one JDBC batch in the caller's transaction. */
    public static void insert(JdbcTemplate jdbc, long runId, List<StagedRowRejection> rejections) {
        insert(jdbc, runId, rejections, true);
    }

    /** Writes rejections of a run as one JDBC batch, in the caller's transaction; {@code stillStaged}: the rows stay in staging. */
    public static void insert(JdbcTemplate jdbc, long runId, List<StagedRowRejection> rejections, boolean stillStaged) {
        SafeBatch.update(jdbc, INSERT, rejections.stream().map(r -> new Object[] {runId, r.source(), r.sourceOrder(), r.file(), r.fileOrder(),
                r.line(), r.category(), r.reason(), r.raw(), stillStaged ? "Y" : "N"}).toList(), "ingest_reject");
    }
}
