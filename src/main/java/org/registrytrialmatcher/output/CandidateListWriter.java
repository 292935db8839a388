package org.registrytrialmatcher.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.registrytrialmatcher.rules.CohortDefinition;
import org.registrytrialmatcher.run.RunPlan;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes candidates-COHORT.csv for every cohort, in rank order, streamed from the database
 * (header always present). Each file is written to a temporary name and renamed, so a crash
 * never leaves half a list; the step is repeatable.
 */
public class CandidateListWriter implements Tasklet {
    public static final String HEADER = "rank,patient_ref,source_ids,age,sex,status,open_rules,evidence_date,new_since_last_run";

    private final JdbcTemplate jdbc;
    private final RunPlan plan;
    private final long runId;

    public CandidateListWriter(JdbcTemplate jdbc, RunPlan plan, long runId) {
        this.jdbc = jdbc;
        this.plan = plan;
        this.runId = runId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        Path out = OutputFolder.prepare(plan.outDir());
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(1000); // PostgreSQL otherwise reads a whole list into memory before the first row
        for (CohortDefinition cohort : plan.trial().cohorts()) {
            OutputFolder.writeStreaming(out.resolve(cohort.output()), w -> {
                w.write(HEADER);
                w.write('\n');
                streaming.query("SELECT rank_no, patient_ref, source_ids, age, sex, status, open_rules, evidence_date, new_since_last FROM cohort_result"
                        + " WHERE run_id = ? AND cohort = ? AND rank_no IS NOT NULL ORDER BY rank_no", rs -> {
                            try {
                                w.write(CsvCells.line(rs.getInt(1), CsvCells.text(rs.getString(2)), CsvCells.text(rs.getString(3)), rs.getInt(4),
                                        rs.getString(5), rs.getString(6), CsvCells.text(rs.getString(7)),
                                        rs.getDate(8) == null ? "" : rs.getDate(8).toLocalDate().toString(), rs.getString(9)));
                                w.write('\n');
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }, runId, cohort.id());
            });
        }
        return RepeatStatus.FINISHED;
    }
}
