package org.registrytrialmatcher.job;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a partitioned step as Spring Batch's SimpleStepExecutionSplitter does, except after a
 * crash between two of its repository calls. That splitter creates a partition's step execution
 * and saves its context in separate transactions; a process killed between the two leaves a
 * partition with no context, and on every restart the splitter copied that empty context forward,
 * so the run failed the same way forever ("no source" for the partition). Here each partition
 * resumes from the latest context any of its executions saved, and one that never saved a context
 * is given its context from the partitioner again, which is deterministic for a run (the export
 * files of the run; the ranges of its numbered children). A completed partition is not run again.
 * The partitions are returned in the partitioner's order, the order they are started in.
 */
public final class RestartSafeSplitter implements StepExecutionSplitter {
    private final JobRepository jobRepository;
    private final String stepName;
    private final Partitioner partitioner;

    public RestartSafeSplitter(JobRepository jobRepository, String stepName, Partitioner partitioner) {
        this.jobRepository = jobRepository;
        this.stepName = stepName;
        this.partitioner = partitioner;
    }

    @Override
    public String getStepName() {
        return stepName;
    }

    @Override
    public Set<StepExecution> split(StepExecution stepExecution, int gridSize) throws JobExecutionException {
        JobExecution jobExecution = stepExecution.getJobExecution();
        // A restart splits into as many partitions as the first start did, even if the option changed since.
        String gridKey = RestartSafeSplitter.class.getSimpleName() + ".GRID_SIZE";
        // It is saved at every split: Spring Batch saves a restarted manager's context only when the step ends, and a kill
        // before then would leave the next restart without it.
        Map<String, StepExecution> last = new HashMap<>();
        Map<String, StepExecution> lastSaved = new HashMap<>();
        previousExecutions(jobExecution, stepExecution.getStepName(), last, lastSaved);
        StepExecution savedManager = lastSaved.get(stepExecution.getStepName());
        int splitSize = (int) (savedManager != null && savedManager.getExecutionContext().containsKey(gridKey)
                ? savedManager.getExecutionContext().getLong(gridKey) : stepExecution.getExecutionContext().getLong(gridKey, gridSize));
        stepExecution.getExecutionContext().putLong(gridKey, splitSize);
        jobRepository.updateExecutionContext(stepExecution);
        // In the partitioner's order, which the partition handler starts them in (the ingest's: largest file first).
        Set<StepExecution> executions = new LinkedHashSet<>();
        for (Map.Entry<String, ExecutionContext> partition : partitioner.partition(splitSize).entrySet()) {
            String name = stepName + ":" + partition.getKey();
            StepExecution previous = last.get(name);
            if (previous != null && !previous.getExecutionContext().isEmpty()) {
                if (previous.getStatus() == BatchStatus.COMPLETED) continue;
                if (previous.getStatus() == BatchStatus.ABANDONED) {
                    throw new JobExecutionException("partition " + name + " was abandoned; it cannot be restarted");
                }
            }
            StepExecution saved = lastSaved.get(name);
            ExecutionContext context = saved == null ? partition.getValue() : new ExecutionContext(saved.getExecutionContext());
            StepExecution execution = jobRepository.createStepExecution(name, jobExecution);
            execution.setExecutionContext(context);
            jobRepository.updateExecutionContext(execution);
            executions.add(execution);
        }
        return executions;
    }

    /**
     * Per partition of this step, and for the manager step, from one read of the job instance's executions: the last
     * execution, and the latest one whose context was saved. Usually the same; after a kill inside a restart's split, the
     * last has no context while an earlier one holds the progress its committed chunks made, and resuming from the
     * partitioner's context would stage or evaluate those rows again.
     */
    private void previousExecutions(JobExecution current, String managerName, Map<String, StepExecution> last,
                                    Map<String, StepExecution> lastSaved) {
        for (JobExecution execution : jobRepository.getJobExecutions(current.getJobInstance())) {
            for (StepExecution step : execution.getStepExecutions()) {
                if (!step.getStepName().startsWith(stepName + ":") && !step.getStepName().equals(managerName)) continue;
                last.merge(step.getStepName(), step, RestartSafeSplitter::later);
                if (!step.getExecutionContext().isEmpty()) lastSaved.merge(step.getStepName(), step, RestartSafeSplitter::later);
            }
        }
    }

    private static StepExecution later(StepExecution a, StepExecution b) {
        return a.getId() >= b.getId() ? a : b;
    }
}
