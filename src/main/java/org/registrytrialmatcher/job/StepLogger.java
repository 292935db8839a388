package org.registrytrialmatcher.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** Logs when each step starts and how it ended: what an operator reads to know where a run is. */
public class StepLogger implements StepExecutionListener {
    private static final Logger LOG = LoggerFactory.getLogger(StepLogger.class);

    @Override
    public void beforeStep(StepExecution stepExecution) {
        LOG.info("Step {} started", stepExecution.getStepName());
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        LOG.info("Step {} ended {}", stepExecution.getStepName(), stepExecution.getStatus());
        return null;
    }
}
