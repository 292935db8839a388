package org.registrytrialmatcher.output;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import org.registrytrialmatcher.rules.CohortDefinition;
import org.registrytrialmatcher.staging.TableStatistics;
import org.registrytrialmatcher.run.RunPlan;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ranks each cohort's referral list (CANDIDATE before POSSIBLE, then fewer open rules, then the
 * most recent evidence, then patient reference) and marks who was not listed in that cohort by
 * the previous completed run of the same trial against this database. Records which run that
 * was, so a restart compares against the same one. One transaction; repeatable.
 */
public class CandidateRanking implements Tasklet {
    private final JdbcTemplate jdbc;
    private final RunPlan plan;
    private final long runId;

    public CandidateRanking(JdbcTemplate jdbc, RunPlan plan, long runId) {
        this.jdbc = jdbc;
        this.plan = plan;
        this.runId = runId;
    }

    /** The ORDER BY of a referral list, the same wherever a list is read. */
    public static final String RANK_ORDER = "status_order, open_count, evidence_date DESC NULLS LAST, patient_ref";

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        TableStatistics.refresh(jdbc, "cohort_result", "cohort_rationale", "ingest_reject");
        Long previous = previousRun(jdbc, runId, plan.trial().id());
        if (jdbc.queryForObject("SELECT COUNT(*) FROM run_info WHERE run_id = ?", Integer.class, runId) == 0) {
            jdbc.update("INSERT INTO run_info (run_id, trial_id, run_date, previous_run_id) VALUES (?, ?, ?, ?)",
                    runId, plan.trial().id(), Date.valueOf(plan.runDate()), previous);
        }
        Long compareWith = jdbc.queryForObject("SELECT previous_run_id FROM run_info WHERE run_id = ?", Long.class, runId);
        jdbc.update("UPDATE cohort_result SET rank_no = NULL, new_since_last = NULL WHERE run_id = ?", runId);
        for (CohortDefinition cohort : plan.trial().cohorts()) {
            List<Object[]> batch = new ArrayList<>();
            int[] rank = {0};
            jdbc.query("SELECT patient_ref FROM cohort_result WHERE run_id = ? AND cohort = ? AND status <> 'EXCLUDED' ORDER BY " + RANK_ORDER,
                    rs -> {
                        batch.add(new Object[] {++rank[0], runId, cohort.id(), rs.getString(1)});
                        if (batch.size() == 1000) flush(batch);
                    }, runId, cohort.id());
            flush(batch);
            jdbc.update("UPDATE cohort_result SET new_since_last = CASE WHEN EXISTS (SELECT 1 FROM cohort_result p WHERE p.run_id = ?"
                    + " AND p.cohort = cohort_result.cohort AND p.patient_ref = cohort_result.patient_ref AND p.rank_no IS NOT NULL) THEN 'N' ELSE 'Y' END"
                    + " WHERE run_id = ? AND cohort = ? AND rank_no IS NOT NULL", compareWith == null ? -1L : compareWith, runId, cohort.id());
        }
        return RepeatStatus.FINISHED;
    }

    private void flush(List<Object[]> batch) {
        if (batch.isEmpty()) return;
        jdbc.batchUpdate("UPDATE cohort_result SET rank_no = ? WHERE run_id = ? AND cohort = ? AND patient_ref = ?", batch);
        batch.clear();
    }

    /** The latest completed run of the same trial other than this one, or null. */
    public static Long previousRun(JdbcTemplate jdbc, long runId, String trialId) {
        List<Long> runs = jdbc.queryForList("SELECT run_id FROM run_info WHERE trial_id = ? AND run_id <> ? AND completed_at IS NOT NULL"
                + " ORDER BY completed_at DESC, run_id DESC", Long.class, trialId, runId);
        return runs.isEmpty() ? null : runs.get(0);
    }
}
