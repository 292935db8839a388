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
 * streamed in patient order: exact duplicate rows and a patient ID defined twice with
 * different values (moved from staging to {@code ingest_reject} with a reason). On the fact
 * rows whose patient ID has no loaded patient: streamed packet by packet through
 * {@link StagedRowScreen}, each row rejected with its reason (the rows stay in their packets,
 * which no patient reads). Duplicates and dates before birth among a loaded patient's fact
 * rows are screened by the same class where the patient is assembled for evaluation. All in
 * one transaction, so a restart repeats the step from a clean state; memory holds one packet.
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
        TableStatistics.refresh(jdbc, StagingTable.PATIENTS.tableName(), StagingSchema.PACKETS, "input_file", "ingest_reject");
        rejectDuplicateAndRedefinedPatients();
        rejectOrphans();
        return RepeatStatus.FINISHED;
    }

    /**
     * Patient rows, streamed in patient order (the patient index) and judged one patient at a
     * time: the first row of a patient ID defines the patient; a later row with the same fields
     * is an exact duplicate of the first such line, and a later row with other fields redefines
     * the patient and is rejected. Grouping in the database instead held every patient ID in
     * memory at once (a million patients did not fit in 512 MB).
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
                + " ORDER BY s.src, s.kind, s.patient_id, s.first_line", (RowCallbackHandler) rs -> {
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

}
