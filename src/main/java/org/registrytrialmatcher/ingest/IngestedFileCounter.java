package org.registrytrialmatcher.ingest;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When a file's ingest partition ends, records how many rows were read from it (the left
 * side of rows read = loaded + rejected + duplicates), how many the writer staged, and which
 * columns it ignored.
 */
public class IngestedFileCounter implements StepExecutionListener {
    private final JdbcTemplate jdbc;
    private final ExportFileReader reader;
    private final long runId;
    private final String source;
    private final String fileName;

    public IngestedFileCounter(JdbcTemplate jdbc, ExportFileReader reader, long runId, String source, String fileName) {
        this.jdbc = jdbc;
        this.reader = reader;
        this.runId = runId;
        this.source = source;
        this.fileName = fileName;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus().isUnsuccessful()) return null;
        jdbc.update("UPDATE input_file SET rows_read = ?, rows_staged = ?, ignored_columns = ? WHERE run_id = ? AND src = ? AND file_name = ?",
                reader.emitted(), stepExecution.getExecutionContext().getLong(StagingWriter.STAGED_KEY, 0L),
                String.join(",", reader.ignoredColumns()), runId, source, fileName);
        return null;
    }
}
