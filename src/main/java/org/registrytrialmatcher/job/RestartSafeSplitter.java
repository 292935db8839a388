package org.registrytrialmatcher.job;

import java.util.HashSet;
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
 * so the run failed the same way forever ("no source" for the partition). Here a partition whose
 * last execution has no saved context is given its context from the partitioner again, which is
 * deterministic for a run (the export files of the run; the ranges of its numbered children). A
 * partition that had saved its context resumes from it, and a completed one is not run again.
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
        int splitSize = (int) stepExecution.getExecutionContext().getLong(gridKey, gridSize);
        if (!stepExecution.getExecutionContext().containsKey(gridKey)) {
            stepExecution.getExecutionContext().putLong(gridKey, splitSize);
            jobRepository.updateExecutionContext(stepExecution);
        }
        Set<StepExecution> executions = new HashSet<>();
        for (Map.Entry<String, ExecutionContext> partition : partitioner.partition(splitSize).entrySet()) {
            String name = stepName + ":" + partition.getKey();
            StepExecution last = jobRepository.getLastStepExecution(jobExecution.getJobInstance(), name);
            ExecutionContext context = partition.getValue();
            if (last != null && !last.getExecutionContext().isEmpty()) {
                if (last.getStatus() == BatchStatus.COMPLETED) continue;
                if (last.getStatus() == BatchStatus.ABANDONED) {
                    throw new JobExecutionException("partition " + name + " was abandoned; it cannot be restarted");
                }
                context = last.getExecutionContext();
            }
            StepExecution execution = jobRepository.createStepExecution(name, jobExecution);
            execution.setExecutionContext(context);
            jobRepository.updateExecutionContext(execution);
            executions.add(execution);
        }
        return executions;
    }
}
