package org.registrytrialmatcher.ingest;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records how many rows were read from a file (the left side of rows read = loaded + rejected +
 * duplicates), how many the writer staged, and which columns it ignored: after each chunk is
 * written, in that chunk's transaction, and once more when the partition ends (a file with no
 * data rows writes no chunk). Spring Batch saves a step as COMPLETED before it calls the
 * listeners' afterStep; counts recorded only there were lost by a kill in between, the restart
 * skipped the completed file, and every later start failed its manifest's count check.
 */
public class IngestedFileCounter implements StepExecutionListener, ItemWriteListener<Object> {
    private final JdbcTemplate jdbc;
    private final ExportFileReader reader;
    private final StagingWriter writer;
    private final long runId;
    private final String source;
    private final String fileName;

    public IngestedFileCounter(JdbcTemplate jdbc, ExportFileReader reader, StagingWriter writer, long runId, String source, String fileName) {
        this.jdbc = jdbc;
        this.reader = reader;
        this.writer = writer;
        this.runId = runId;
        this.source = source;
        this.fileName = fileName;
    }

    @Override
    public void afterWrite(Chunk<?> items) {
        record();
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus().isUnsuccessful()) return null;
        record();
        return null;
    }

    private void record() {
        jdbc.update("UPDATE input_file SET rows_read = ?, rows_staged = ?, ignored_columns = ? WHERE run_id = ? AND src = ? AND file_name = ?",
                reader.emitted(), writer.staged(), String.join(",", reader.ignoredColumns()), runId, source, fileName);
    }
}
