package org.registrytrialmatcher.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.registrytrialmatcher.staging.PacketSegments;
import org.registrytrialmatcher.staging.RecordedRules;
import org.registrytrialmatcher.staging.RejectPackets;
import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The last step of a completed run: keeps the database within bounds. The staged rows of
 * completed runs other than the newest {@code keepStagingRuns} are deleted (they serve only
 * their own run); everything of runs whose run date is more than {@code keepResultsDays} before
 * this run's is deleted, Spring Batch's record of it included (audits come months later, so the
 * default is over a year); a run that did not complete is left to be resumed. One run's
 * table at a time, each in its own transaction: every call deletes one unit and asks to be
 * called again, so a kill loses nothing and the restarted step goes on where it was.
 */
public class RunRetention implements Tasklet {
    /** What only its own run reads. */
    static final List<String> STAGING = List.of(StagingTable.PATIENTS.tableName(), StagingTable.PACKETS, "child", "patient_link");
    /** What a run concluded and recorded, deleted after the staging; then its job instance, and run_info last, since it lists the runs. */
    static final List<String> RESULTS = List.of("cohort_result", RecordedRules.TABLE, "ingest_reject", RejectPackets.TABLE, "input_file",
            "link_conflict");

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final PacketSegments segments;
    private final long runId;
    private final LocalDate runDate;
    private final int keepStagingRuns;
    private final int keepResultsDays;

    public RunRetention(JdbcTemplate jdbc, JobRepository jobRepository, PacketSegments segments, long runId, LocalDate runDate, int keepStagingRuns,
                        int keepResultsDays) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.segments = segments;
        this.runId = runId;
        this.runDate = runDate;
        this.keepStagingRuns = keepStagingRuns;
        this.keepResultsDays = keepResultsDays;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        for (long old : expiredRuns()) {
            for (String table : STAGING) if (deleteRun(table, old, contribution)) return RepeatStatus.CONTINUABLE;
            deleteSegments(old);
            for (String table : RESULTS) if (deleteRun(table, old, contribution)) return RepeatStatus.CONTINUABLE;
            // Spring Batch's record of the run (its executions, steps and contexts), through its own repository
            JobInstance instance = jobRepository.getJobInstance(old);
            if (instance != null) {
                jobRepository.deleteJobInstance(instance);
                return RepeatStatus.CONTINUABLE;
            }
            if (deleteRun("run_info", old, contribution)) return RepeatStatus.CONTINUABLE;
        }
        for (long old : runsPastTheStagingKept()) {
            for (String table : STAGING) if (deleteRun(table, old, contribution)) return RepeatStatus.CONTINUABLE;
            deleteSegments(old);
        }
        return RepeatStatus.FINISHED;
    }

    /** Completed runs dated more than keepResultsDays before this run's date (a failed run may still be resumed). */
    List<Long> expiredRuns() {
        return jdbc.queryForList("SELECT run_id FROM run_info WHERE run_date < ? AND run_id <> ? AND completed_at IS NOT NULL ORDER BY run_id", Long.class,
                Date.valueOf(runDate.minusDays(keepResultsDays)), runId);
    }

    /** Completed runs other than the newest keepStagingRuns (this run, just completed, among them). */
    List<Long> runsPastTheStagingKept() {
        List<Long> completed = jdbc.queryForList("SELECT run_id FROM run_info WHERE completed_at IS NOT NULL OR run_id = ? ORDER BY run_id DESC",
                Long.class, runId);
        return completed.size() <= keepStagingRuns ? List.of() : completed.subList(keepStagingRuns, completed.size());
    }

    /** Deletes the run's rows of the table, if it has any; true if it did. */
    private boolean deleteRun(String table, long run, StepContribution contribution) {
        Integer any = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT run_id FROM " + table + " WHERE run_id = ? FETCH FIRST 1 ROWS ONLY) t",
                Integer.class, run);
        if (any == null || any == 0) return false;
        int deleted = jdbc.update("DELETE FROM " + table + " WHERE run_id = ?", run);
        contribution.incrementWriteCount(deleted);
        return true;
    }

    /** On the embedded database, the run's packet segment files. */
    private void deleteSegments(long run) {
        if (segments == null) return;
        Path folder = segments.directory().resolve("run-" + run);
        if (!Files.exists(folder)) return;
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the packet segments of run " + run + " in " + folder, e);
        }
    }
}
