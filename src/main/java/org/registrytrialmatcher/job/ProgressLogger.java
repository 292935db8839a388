package org.registrytrialmatcher.job;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Logs the progress of a chunked step at a steady interval, checked after each chunk: rows
 * read so far and rows per second, then a closing line with the totals. Counts only: never a row's content. One
 * instance per step execution (step-scoped), so parallel partitions each report their own.
 */
public class ProgressLogger implements StepExecutionListener, ChunkListener<Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogger.class);

    private final long intervalNanos;
    private String step;
    private long start;
    private long lastLog;
    private StepExecution execution;

    public ProgressLogger(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        step = stepExecution.getStepName();
        start = System.nanoTime();
        lastLog = start;
        execution = stepExecution;
    }

    @Override
    public void afterChunk(Chunk<Object> chunk) {
        progress();
    }

    @Override
    public void afterChunk(ChunkContext context) {
        progress();
    }

    /** Once per chunk, not per row: a listener called on every row costs a step-scope lookup each time. */
    private void progress() {
        long now = System.nanoTime();
        if (execution != null && now - lastLog >= intervalNanos) {
            lastLog = now;
            long rows = execution.getReadCount();
            LOG.info("{}: {} rows, {} rows/s", step, rows, rate(rows, now - start));
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        long rows = stepExecution.getReadCount();
        if (execution != stepExecution) { // the step failed in a listener's beforeStep, before this one's: no start time to give
            LOG.info("{}: {} after {} rows", stepExecution.getStepName(), stepExecution.getStatus(), rows);
            return null;
        }
        long elapsed = System.nanoTime() - start;
        LOG.info("{}: {} after {} rows in {} s ({} rows/s)", step, stepExecution.getStatus(), rows,
                String.format(java.util.Locale.ROOT, "%.1f", elapsed / 1e9), rate(rows, elapsed));
        return null;
    }

    private static long rate(long rows, long nanos) {
        return nanos <= 0 ? 0 : Math.round(rows / (nanos / 1e9));
    }
}
