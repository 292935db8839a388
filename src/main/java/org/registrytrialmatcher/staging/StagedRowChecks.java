package org.registrytrialmatcher.staging;

import java.util.List;

import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.run.SourceExport;
import org.registrytrialmatcher.source.RecordKind;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The checks that need more than one row, done set-wise in the database once every file is
 * staged (memory stays flat however large the exports): exact duplicate rows of a file, a
 * patient ID defined twice with different values, rows for a patient ID that has no loaded
 * patient row, and facts dated before the patient's birth. Each check moves the rows it
 * catches from staging to {@code ingest_reject} with a reason; all in one transaction, so a
 * restart repeats the step from a clean state.
 */
public class StagedRowChecks implements Tasklet {
    /** Date columns of each staging table, with the profile field they come from. */
    private static final List<DateColumn> DATE_COLUMNS = List.of(
            new DateColumn(StagingTable.DIAGNOSES, "onset_date", "onset_date"),
            new DateColumn(StagingTable.DIAGNOSES, "resolved_date", "resolved_date"),
            new DateColumn(StagingTable.LABS, "lab_date", "date"),
            new DateColumn(StagingTable.MEDICATIONS, "start_date", "start_date"),
            new DateColumn(StagingTable.MEDICATIONS, "stop_date", "stop_date"),
            new DateColumn(StagingTable.OBSERVATIONS, "obs_date", "date"),
            new DateColumn(StagingTable.BIOPSIES, "biopsy_date", "date"));

    private record DateColumn(StagingTable table, String column, String field) {
    }

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
        for (StagingTable table : StagingTable.values()) {
            rejectExactDuplicates(table);
        }
        rejectRedefinedPatients();
        for (SourceExport source : plan.sources()) {
            String patientsFile = source.profile().file(RecordKind.PATIENTS).fileName();
            for (StagingTable table : StagingTable.values()) {
                if (table == StagingTable.PATIENTS) continue;
                rejectOrphans(table, source.name(), patientsFile);
            }
            for (DateColumn date : DATE_COLUMNS) {
                rejectBeforeBirth(date, source);
            }
        }
        return RepeatStatus.FINISHED;
    }

    private void rejectExactDuplicates(StagingTable table) {
        String t = table.tableName();
        int moved = jdbc.update(REJECT_SELECT + "'DUPLICATE', 'exact duplicate of line ' || CAST(d.first_line AS VARCHAR(20)) || '; dropped', s.raw"
                + " FROM " + t + " s"
                + " JOIN (SELECT src, file_name, row_hash, MIN(line_no) AS first_line FROM " + t
                + " WHERE run_id = ? GROUP BY src, file_name, row_hash HAVING COUNT(*) > 1) d"
                + " ON d.src = s.src AND d.file_name = s.file_name AND d.row_hash = s.row_hash"
                + " JOIN input_file f ON f.run_id = s.run_id AND f.src = s.src AND f.file_name = s.file_name"
                + " WHERE s.run_id = ? AND s.line_no > d.first_line", runId, runId);
        removeRejected(table, moved);
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

    private void rejectOrphans(StagingTable table, String source, String patientsFile) {
        String reason = "patient ID is not among the loaded patients of " + patientsFile + " (missing there, or its row there was rejected)";
        int moved = jdbc.update(REJECT_SELECT + "'REJECTED', CAST(? AS VARCHAR(1000)), s.raw"
                + " FROM " + table.tableName() + " s"
                + " JOIN input_file f ON f.run_id = s.run_id AND f.src = s.src AND f.file_name = s.file_name"
                + " WHERE s.run_id = ? AND s.src = ? AND NOT EXISTS (SELECT 1 FROM " + StagingTable.PATIENTS.tableName() + " p"
                + " WHERE p.run_id = s.run_id AND p.src = s.src AND p.patient_id = s.patient_id)", reason, runId, source);
        removeRejected(table, moved);
    }

    private void rejectBeforeBirth(DateColumn date, SourceExport source) {
        String column = source.profile().file(date.table().kind()).column(date.field());
        if (column == null) return;
        String reason = column + " is before the patient's birth date";
        int moved = jdbc.update(REJECT_SELECT + "'REJECTED', CAST(? AS VARCHAR(1000)), s.raw"
                + " FROM " + date.table().tableName() + " s"
                + " JOIN input_file f ON f.run_id = s.run_id AND f.src = s.src AND f.file_name = s.file_name"
                + " WHERE s.run_id = ? AND s.src = ? AND EXISTS (SELECT 1 FROM " + StagingTable.PATIENTS.tableName() + " p"
                + " WHERE p.run_id = s.run_id AND p.src = s.src AND p.patient_id = s.patient_id AND s." + date.column() + " < p.birth_date)",
                reason, runId, source.name());
        removeRejected(date.table(), moved);
    }

    /** Deletes from staging the rows a check just moved to ingest_reject (nothing to do if it moved none). */
    private void removeRejected(StagingTable table, int moved) {
        if (moved == 0) return;
        String t = table.tableName();
        jdbc.update("DELETE FROM " + t + " WHERE run_id = ? AND EXISTS (SELECT 1 FROM ingest_reject r WHERE r.run_id = " + t + ".run_id"
                + " AND r.src = " + t + ".src AND r.file_name = " + t + ".file_name AND r.line_no = " + t + ".line_no)", runId);
    }
}
