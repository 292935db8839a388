package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The progress lines an operator reads in the nightly log. */
class ProgressLoggerTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressLogger.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level levelBefore;

    /** At INFO whatever an earlier in-process run left the root level at (the functional tests run at WARN). */
    @BeforeEach
    void capture() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }

    @Test
    void aStepThatEndsNamesItselfWithItsRowsAndRate() {
        StepExecution step = step("ingestFile:ingest:rheum:labs", BatchStatus.COMPLETED, 1200);
        ProgressLogger progress = new ProgressLogger(Duration.ofSeconds(10));
        progress.beforeStep(step);
        progress.afterStep(step);
        assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .matches("ingestFile:ingest:rheum:labs: COMPLETED after 1200 rows in \\d+\\.\\d s \\(\\d+ rows/s\\)");
    }

    @Test
    void aStepThatFailedBeforeThisListenerStartedIsStillNamedAndGivenNoMadeUpTime() {
        StepExecution step = step("ingestFile:ingest:nephro:labs", BatchStatus.FAILED, 0);
        new ProgressLogger(Duration.ofSeconds(10)).afterStep(step);
        assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("ingestFile:ingest:nephro:labs: FAILED after 0 rows");
    }

    private static StepExecution step(String name, BatchStatus status, long rows) {
        StepExecution step = new StepExecution(1L, name, new JobExecution(1L, new JobInstance(1L, "nightlyRun"), new JobParameters()));
        step.setStatus(status);
        step.setReadCount(rows);
        return step;
    }
}
