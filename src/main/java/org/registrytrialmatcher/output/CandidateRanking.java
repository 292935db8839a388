package org.registrytrialmatcher.output;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.staging.RecordedRules;
import org.registrytrialmatcher.staging.RejectPackets;
import org.registrytrialmatcher.staging.SafeBatch;
import org.registrytrialmatcher.staging.TableStatistics;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes each listed child's rank on its cohort's referral list (CANDIDATE before POSSIBLE,
 * then fewer open rules, then the most recent evidence, then patient reference: the order
 * {@link ListedResultReader} reads them in) and whether the child was not listed in that cohort
 * by the previous completed run of the same trial against this database. On opening, records
 * which run that is (once per run), so that a restart compares with the same one. A chunk per
 * transaction; ranking a row again writes the same values.
 */
public class CandidateRanking implements ItemStreamWriter<RankedResult> {
    private final JdbcTemplate jdbc;
    private final RunPlan plan;
    private final long runId;
    private long compareWith;

    public CandidateRanking(JdbcTemplate jdbc, RunPlan plan, long runId) {
        this.jdbc = jdbc;
        this.plan = plan;
        this.runId = runId;
    }

    /** The ORDER BY of a referral list, the same wherever a list is read. */
    public static final String RANK_ORDER = "status_order, open_count, evidence_date DESC NULLS LAST, patient_ref";

    @Override
    public void open(ExecutionContext context) {
        TableStatistics.refresh(jdbc, "cohort_result", RecordedRules.TABLE, "ingest_reject", RejectPackets.TABLE);
        if (jdbc.queryForObject("SELECT COUNT(*) FROM run_info WHERE run_id = ?", Integer.class, runId) == 0) {
            jdbc.update("INSERT INTO run_info (run_id, trial_id, run_date, previous_run_id) VALUES (?, ?, ?, ?)",
                    runId, plan.trial().id(), Date.valueOf(plan.runDate()), previousRun(jdbc, runId, plan.trial().id()));
        }
        Long previous = jdbc.queryForObject("SELECT previous_run_id FROM run_info WHERE run_id = ?", Long.class, runId);
        compareWith = previous == null ? -1L : previous;
    }

    @Override
    public void write(Chunk<? extends RankedResult> chunk) {
        List<Object[]> rows = new ArrayList<>(chunk.size());
        for (RankedResult r : chunk) rows.add(new Object[] {r.rank(), compareWith, r.cohort(), r.patientRef(), runId, r.cohort(), r.patientRef()});
        SafeBatch.update(jdbc, "UPDATE cohort_result SET rank_no = ?, new_since_last = CASE WHEN EXISTS (SELECT 1 FROM cohort_result p"
                + " WHERE p.run_id = ? AND p.cohort = ? AND p.patient_ref = ? AND p.rank_no IS NOT NULL) THEN 'N' ELSE 'Y' END"
                + " WHERE run_id = ? AND cohort = ? AND patient_ref = ?", rows, "cohort_result");
    }

    /** The latest completed run of the same trial other than this one, or null. */
    public static Long previousRun(JdbcTemplate jdbc, long runId, String trialId) {
        List<Long> runs = jdbc.queryForList("SELECT run_id FROM run_info WHERE trial_id = ? AND run_id <> ? AND completed_at IS NOT NULL"
                + " ORDER BY completed_at DESC, run_id DESC", Long.class, trialId, runId);
        return runs.isEmpty() ? null : runs.get(0);
    }
}
