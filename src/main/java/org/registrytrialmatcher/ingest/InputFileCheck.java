package org.registrytrialmatcher.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.run.SourceExport;
import org.registrytrialmatcher.util.FileDigest;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Before anything is loaded: every export file of every source must exist and start with the
 * header its profile expects, or the run fails at once naming the file. Records each file's
 * SHA-256 and size. On a restart, a file whose content changed since the run began fails the
 * run: resuming would mix two different exports.
 */
public class InputFileCheck implements Tasklet {
    private final JdbcTemplate jdbc;
    private final RunPlan plan;
    private final long runId;

    public InputFileCheck(JdbcTemplate jdbc, RunPlan plan, long runId) {
        this.jdbc = jdbc;
        this.plan = plan;
        this.runId = runId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        List<InputFile> files = plan.inputFiles();
        for (InputFile file : files) {
            if (!Files.isRegularFile(file.path())) {
                SourceExport source = plan.source(file.source()).orElseThrow();
                throw new ExportFileException(file.source() + ": " + file.fileName() + ": file not found in " + file.path().getParent()
                        + " (expected the " + file.kind().key() + " export with columns "
                        + String.join(",", source.profile().file(file.kind()).expectedColumns()) + ")");
            }
            SourceExport source = plan.source(file.source()).orElseThrow();
            ExportFileReader reader = new ExportFileReader(file.source(), source.profile(), source.profile().file(file.kind()), file.path());
            reader.open(new ExecutionContext());
            reader.close();
        }
        Map<String, String> recorded = jdbc.query("SELECT src, file_name, sha256 FROM input_file WHERE run_id = ?",
                        (rs, n) -> Map.entry(rs.getString(1) + ":" + rs.getString(2), rs.getString(3)), runId)
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (InputFile file : files) {
            String sha = FileDigest.sha256(file.path());
            String before = recorded.get(file.source() + ":" + file.fileName());
            if (before != null && !before.equals(sha)) {
                throw new ExportFileException(file.source() + ": " + file.fileName() + ": the file changed since this run started"
                        + " (SHA-256 was " + before.substring(0, 12) + "..., is " + sha.substring(0, 12) + "...);"
                        + " resuming would mix two exports: start a new run with --fresh-run");
            }
            if (before == null) {
                jdbc.update("INSERT INTO input_file (run_id, src, src_order, kind, file_order, file_name, sha256, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        runId, file.source(), file.sourceOrder(), file.kind().key(), file.fileOrder(), file.fileName(), sha, Files.size(file.path()));
            }
        }
        return RepeatStatus.FINISHED;
    }
}
