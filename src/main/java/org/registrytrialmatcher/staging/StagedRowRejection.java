package org.registrytrialmatcher.staging;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** A staged row that a cross-row check rejected: it stays in its packet and goes to {@code ingest_reject} with its reason. */
public record StagedRowRejection(String source, int sourceOrder, String file, int fileOrder, long line, String category, String reason, String raw) {
    private static final String INSERT = "INSERT INTO ingest_reject (run_id, src, src_order, file_name, file_order, line_no, category, reason, raw,"
            + " still_staged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Y')";

    /** Writes rejections of a run as one JDBC batch, in the caller's transaction. */
    public static void insert(JdbcTemplate jdbc, long runId, List<StagedRowRejection> rejections) {
        SafeBatch.update(jdbc, INSERT, rejections.stream().map(r -> new Object[] {runId, r.source(), r.sourceOrder(), r.file(), r.fileOrder(),
                r.line(), r.category(), r.reason(), r.raw()}).toList(), "ingest_reject");
    }
}
