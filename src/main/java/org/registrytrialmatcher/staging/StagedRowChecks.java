package org.registrytrialmatcher.staging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.run.SourceExport;
import org.registrytrialmatcher.source.RecordKind;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The checks that need more than one row, once every file is staged. On the patient rows,
 * set-wise in the database: exact duplicate rows and a patient ID defined twice with
 * different values (moved from staging to {@code ingest_reject} with a reason). On the fact
 * rows whose patient ID has no loaded patient: streamed packet by packet through
 * {@link StagedRowScreen}, each row rejected with its reason (the rows stay in their packets,
 * which no patient reads). Duplicates and dates before birth among a loaded patient's fact
 * rows are screened by the same class where the patient is assembled for evaluation. All in
 * one transaction, so a restart repeats the step from a clean state; memory holds one packet.
 */
public class StagedRowChecks implements Tasklet {
    private static final String REJECT_SELECT = "INSERT INTO ingest_reject (run_id, src, src_order, file_name, file_order, line_no, category, reason, raw)"
            + " SELECT s.run_id, s.src, f.src_order, s.file_name, f.file_order, s.line_no, ";

    private final JdbcTemplate jdbc;
    private final RunPlan plan;
    private final long runId;

    public StagedRowChecks(JdbcTemplate jdbc, RunPlan plan, long runId) {
        this.jdbc = jdbc;
        this.plan = plan;
        this.runId = runId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        TableStatistics.refresh(jdbc, StagingTable.PATIENTS.tableName(), StagingSchema.PACKETS, "input_file", "ingest_reject");
        rejectDuplicatePatients();
        rejectRedefinedPatients();
        rejectOrphans();
        return RepeatStatus.FINISHED;
    }

    /**
     * Exact duplicate patient rows. Their fields are equal, so is their patient ID: the rows are
     * grouped by patient (the table's patient index) rather than by hash, whose index, filled in
     * random order, cost more than the rest of the ingest of a million patients.
     */
    private void rejectDuplicatePatients() {
        String t = StagingTable.PATIENTS.tableName();
        int moved = jdbc.update(REJECT_SELECT + "'DUPLICATE', 'exact duplicate of line ' || CAST(d.first_line AS VARCHAR(20)) || '; dropped', s.raw"
                + " FROM " + t + " s"
                + " JOIN (SELECT src, patient_id, row_hash, MIN(line_no) AS first_line FROM " + t
                + " WHERE run_id = ? GROUP BY src, patient_id, row_hash HAVING COUNT(*) > 1) d"
                + " ON d.src = s.src AND d.patient_id = s.patient_id AND d.row_hash = s.row_hash"
                + " JOIN input_file f ON f.run_id = s.run_id AND f.src = s.src AND f.file_name = s.file_name"
                + " WHERE s.run_id = ? AND s.line_no > d.first_line", runId, runId);
        removeRejected(StagingTable.PATIENTS, moved);
    }

    private void rejectRedefinedPatients() {
        String t = StagingTable.PATIENTS.tableName();
        int moved = jdbc.update(REJECT_SELECT + "'REJECTED', 'patient ID already defined on line ' || CAST(d.first_line AS VARCHAR(20))"
                + " || ' with different values; this row is not loaded', s.raw"
                + " FROM " + t + " s"
                + " JOIN (SELECT src, patient_id, MIN(line_no) AS first_line FROM " + t
                + " WHERE run_id = ? GROUP BY src, patient_id HAVING COUNT(*) > 1) d"
                + " ON d.src = s.src AND d.patient_id = s.patient_id"
                + " JOIN input_file f ON f.run_id = s.run_id AND f.src = s.src AND f.file_name = s.file_name"
                + " WHERE s.run_id = ? AND s.line_no > d.first_line", runId, runId);
        removeRejected(StagingTable.PATIENTS, moved);
    }

    /** Rejects every fact row whose patient ID has no loaded patient row in its source. */
    private void rejectOrphans() {
        Map<String, SourceExport> sources = new HashMap<>();
        for (SourceExport source : plan.sources()) sources.put(source.name(), source);
        List<StagedRowRejection> rejections = new ArrayList<>();
        String[] group = {null};
        StagedRowScreen[] screen = {null};
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(100); // packets are streamed (PostgreSQL: a cursor in the step's transaction)
        streaming.query("SELECT s.src, s.patient_id, s.kind, s.file_name, s.packet FROM " + StagingSchema.PACKETS + " s"
                + " WHERE s.run_id = ? AND NOT EXISTS (SELECT 1 FROM " + StagingTable.PATIENTS.tableName() + " p"
                + " WHERE p.run_id = s.run_id AND p.src = s.src AND p.patient_id = s.patient_id)"
                + " ORDER BY s.src, s.patient_id, s.kind, s.first_line", (RowCallbackHandler) rs -> {
                    String src = rs.getString(1);
                    String key = src + "\n" + rs.getString(2) + "\n" + rs.getString(3);
                    if (!key.equals(group[0])) {
                        group[0] = key;
                        screen[0] = StagedRowScreen.forOrphan(sources.get(src), StagingTable.of(RecordKind.valueOf(rs.getString(3))));
                    }
                    for (StagedRow row : StagedPacketCodec.decode(src, rs.getString(4), rs.getBytes(5))) {
                        StagedRowRejection rejection = screen[0].check(row);
                        if (rejection != null) rejections.add(rejection);
                    }
                    if (rejections.size() >= 1000) {
                        StagedRowRejection.insert(jdbc, runId, rejections);
                        rejections.clear();
                    }
                }, runId);
        StagedRowRejection.insert(jdbc, runId, rejections);
    }

    /** Deletes from staging the rows a check just moved to ingest_reject (nothing to do if it moved none). */
    private void removeRejected(StagingTable table, int moved) {
        if (moved == 0) return;
        String t = table.tableName();
        jdbc.update("DELETE FROM " + t + " WHERE run_id = ? AND EXISTS (SELECT 1 FROM ingest_reject r WHERE r.run_id = " + t + ".run_id"
                + " AND r.src = " + t + ".src AND r.file_name = " + t + ".file_name AND r.line_no = " + t + ".line_no)", runId);
    }
}
