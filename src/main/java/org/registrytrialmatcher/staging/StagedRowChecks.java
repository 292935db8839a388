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
 * The checks on patient rows that need more than one row, once every file is staged; streamed
 * in patient order: exact duplicate rows and a patient ID defined twice with different values
 * (moved from staging to {@code ingest_reject} with a reason). A fact row of an unknown patient
 * was rejected as its file was staged (StagingWriter); duplicates and dates before birth among a
 * loaded patient's fact rows are screened ({@link StagedRowScreen}) where the patient is
 * assembled for evaluation. All in one transaction, so a restart repeats the step from a clean
 * state; memory holds one patient's rows.
 */
public class StagedRowChecks implements Tasklet {

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
        TableStatistics.refresh(jdbc, StagingTable.PATIENTS.tableName(), StagingTable.PACKETS, "input_file", "ingest_reject", RejectPackets.TABLE);
        rejectDuplicateAndRedefinedPatients();
        return RepeatStatus.FINISHED;
    }

    /**
     * Patient rows, streamed in patient order (the patient index) and judged one patient at a
     * time: the first row of a patient ID defines the patient; a later row with the same fields
     * is an exact duplicate of the first such line, and a later row with other fields redefines
     * the patient and is rejected. Streamed, so that memory holds one patient, never every patient ID.
     */
    private void rejectDuplicateAndRedefinedPatients() {
        Map<String, SourceExport> sources = new HashMap<>();
        for (SourceExport source : plan.sources()) sources.put(source.name(), source);
        List<StagedRowRejection> rejections = new ArrayList<>();
        List<Object[]> removals = new ArrayList<>();
        List<PatientRow> group = new ArrayList<>();
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(1000);
        streaming.query("SELECT src, patient_id, file_name, line_no, row_hash, raw FROM " + StagingTable.PATIENTS.tableName()
                + " WHERE run_id = ? ORDER BY src, patient_id", (RowCallbackHandler) rs -> {
                    PatientRow row = new PatientRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6));
                    if (!group.isEmpty() && !(group.get(0).source().equals(row.source()) && group.get(0).patientId().equals(row.patientId()))) {
                        judge(group, sources, rejections, removals);
                        group.clear();
                        if (rejections.size() >= 1000) flushPatientRejections(rejections, removals);
                    }
                    group.add(row);
                }, runId);
        judge(group, sources, rejections, removals);
        flushPatientRejections(rejections, removals);
    }

    private record PatientRow(String source, String patientId, String file, long line, String hash, String raw) {
    }

    private void judge(List<PatientRow> group, Map<String, SourceExport> sources, List<StagedRowRejection> rejections, List<Object[]> removals) {
        if (group.size() < 2) return;
        group.sort(java.util.Comparator.comparingLong(PatientRow::line));
        long defining = group.get(0).line();
        Map<String, Long> firstLineByHash = new HashMap<>();
        for (PatientRow row : group) {
            Long first = firstLineByHash.putIfAbsent(row.hash(), row.line());
            if (row.line() == defining) continue;
            SourceExport source = sources.get(row.source());
            String category = first != null ? "DUPLICATE" : "REJECTED";
            String reason = first != null ? "exact duplicate of line " + first + "; dropped"
                    : "patient ID already defined on line " + defining + " with different values; this row is not loaded";
            rejections.add(new StagedRowRejection(row.source(), source.order(), row.file(), RecordKind.PATIENTS.ordinal(), row.line(), category, reason, row.raw()));
            removals.add(new Object[] {runId, row.source(), row.file(), row.line()});
        }
    }

    /** Moves rejected patient rows from staging to ingest_reject. */
    private void flushPatientRejections(List<StagedRowRejection> rejections, List<Object[]> removals) {
        StagedRowRejection.insert(jdbc, runId, rejections, false);
        SafeBatch.update(jdbc, "DELETE FROM " + StagingTable.PATIENTS.tableName() + " WHERE run_id = ? AND src = ? AND file_name = ? AND line_no = ?",
                removals, StagingTable.PATIENTS.tableName());
        rejections.clear();
        removals.clear();
    }
}
