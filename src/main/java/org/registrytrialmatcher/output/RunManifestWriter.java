package org.registrytrialmatcher.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.run.SourceExport;
import org.registrytrialmatcher.staging.RejectPackets;
import org.registrytrialmatcher.staging.StagingTable;
import org.registrytrialmatcher.util.FileDigest;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes run-manifest.json: what was run (trial definition and profiles with their SHA-256,
 * software version, run date), every input file with its SHA-256 and its counts, the linked
 * children and the linkage conflicts. Fails the run if any file's counts do not add up
 * (rows read = loaded + rejected + duplicates): that would mean a row was lost.
 */
public class RunManifestWriter implements Tasklet {
    public static final String FILE_NAME = "run-manifest.json";

    private final JdbcTemplate jdbc;
    private final RunPlan plan;
    private final long runId;

    public RunManifestWriter(JdbcTemplate jdbc, RunPlan plan, long runId) {
        this.jdbc = jdbc;
        this.plan = plan;
        this.runId = runId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        JobExecution execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("run_date", plan.runDate().toString());
        manifest.put("trial", trial());
        manifest.put("software_version", softwareVersion());
        manifest.put("job_instance_id", runId);
        manifest.put("job_execution_id", execution.getId());
        manifest.put("sources", sources());
        List<Map<String, Object>> files = inputFiles();
        manifest.put("input_files", files);
        manifest.put("totals", totals(files));
        manifest.put("patients", patients());
        manifest.put("cohorts", cohorts());
        NightlyChanges changes = NightlyChanges.compute(jdbc, runId);
        Map<String, Object> since = new LinkedHashMap<>();
        since.put("previous_run", changes.previousRunId());
        List<Map<String, Object>> dropped = new ArrayList<>();
        for (NightlyChanges.Dropped d : changes.dropped()) dropped.add(ordered("cohort", d.cohort(), "patient_ref", d.patientRef(), "changes", d.changes()));
        since.put("dropped", dropped);
        List<Map<String, Object>> age = new ArrayList<>();
        for (NightlyChanges.AgeChange a : changes.ageChanges()) {
            age.add(ordered("patient_ref", a.patientRef(), "cohorts", a.cohorts(), "change", a.change(), "on", a.on().toString()));
        }
        since.put("age_window_next_" + NightlyChanges.AGE_LOOKAHEAD_DAYS + "_days", age);
        manifest.put("since_last_run", since);
        manifest.put("started_at", instant(execution.getStartTime()));
        manifest.put("finished_at", instant(LocalDateTime.now()));

        byte[] json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsBytes(manifest);
        OutputFolder.writeAtomically(OutputFolder.prepare(plan.outDir()).resolve(FILE_NAME), json);
        jdbc.update("UPDATE run_info SET completed_at = ? WHERE run_id = ?", java.sql.Timestamp.valueOf(LocalDateTime.now()), runId);
        return RepeatStatus.FINISHED;
    }

    private Map<String, Object> trial() throws IOException {
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put("id", plan.trialDir().getFileName().toString());
        trial.put("definition", plan.trialDir().toString());
        List<Map<String, Object>> files = new ArrayList<>();
        if (Files.isDirectory(plan.trialDir())) {
            try (Stream<Path> walk = Files.walk(plan.trialDir())) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(ordered("file", plan.trialDir().relativize(p).toString(), "sha256", FileDigest.sha256(p)));
                }
            }
        }
        trial.put("definition_files", files);
        return trial;
    }

    private List<Map<String, Object>> sources() throws IOException {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (SourceExport s : plan.sources()) {
            sources.add(ordered("name", s.name(), "profile", s.profile().definitionFile().toString(),
                    "profile_sha256", FileDigest.sha256(s.profile().definitionFile()), "directory", s.directory().toString()));
        }
        return sources;
    }

    private List<Map<String, Object>> inputFiles() {
        List<Map<String, Object>> files = new ArrayList<>();
        jdbc.query("SELECT src, kind, file_name, sha256, size_bytes, rows_read, ignored_columns, rows_staged, src_order, file_order FROM input_file WHERE run_id = ?"
                + " ORDER BY src_order, file_order", rs -> {
                    String src = rs.getString(1);
                    String kind = rs.getString(2);
                    String fileName = rs.getString(3);
                    StagingTable table = Arrays.stream(StagingTable.values()).filter(t -> t.kind().key().equals(kind)).findFirst().orElseThrow();
                    long read = rs.getLong(6);
                    // Fact rows: staged (as the writer counted them, committed with its packets) less those a cross-row check rejected.
                    // The file's rejected rows in one pass: {REJECTED, DUPLICATE, of those still inside packets}, found through
                    // the key of ingest_reject, which begins with the source's and the file's order.
                    long[] rejects = new long[3];
                    jdbc.query("SELECT category, still_staged, COUNT(*) FROM ingest_reject WHERE run_id = ? AND src_order = ? AND file_order = ?"
                            + " GROUP BY category, still_staged", (RowCallbackHandler) r -> {
                                rejects["DUPLICATE".equals(r.getString(1)) ? 1 : 0] += r.getLong(3);
                                if ("Y".equals(r.getString(2))) rejects[2] += r.getLong(3);
                            }, runId, rs.getInt(9), rs.getInt(10));
                    // and the rows the ingest rejected, in their chunks' packets (all REJECTED, none still staged)
                    Long inPackets = jdbc.queryForObject("SELECT COALESCE(SUM(row_count), 0) FROM " + RejectPackets.TABLE
                            + " WHERE run_id = ? AND src_order = ? AND file_order = ? AND src = ? AND file_name = ?", Long.class,
                            runId, rs.getInt(9), rs.getInt(10), src, fileName);
                    rejects[0] += inPackets == null ? 0 : inPackets;
                    long loaded = table.packed()
                            ? rs.getLong(8) - rejects[2]
                            : count("SELECT COUNT(*) FROM " + table.tableName() + " WHERE run_id = ? AND src = ? AND file_name = ?", src, fileName);
                    long rejected = rejects[0];
                    long duplicates = rejects[1];
                    if (read != loaded + rejected + duplicates) {
                        throw new IllegalStateException(src + ": " + fileName + ": counts do not add up: read " + read + " != loaded " + loaded
                                + " + rejected " + rejected + " + duplicates " + duplicates);
                    }
                    String ignored = rs.getString(7);
                    Map<String, Object> file = ordered("source", src, "file", fileName, "kind", kind, "sha256", rs.getString(4), "bytes", rs.getLong(5));
                    file.put("rows_read", read);
                    file.put("loaded", loaded);
                    file.put("rejected", rejected);
                    file.put("duplicates", duplicates);
                    file.put("ignored_columns", ignored == null || ignored.isEmpty() ? List.of() : List.of(ignored.split(",")));
                    files.add(file);
                }, runId);
        return files;
    }

    private static Map<String, Object> totals(List<Map<String, Object>> files) {
        Map<String, Object> totals = new LinkedHashMap<>();
        for (String key : List.of("rows_read", "loaded", "rejected", "duplicates")) {
            totals.put(key, files.stream().mapToLong(f -> (Long) f.get(key)).sum());
        }
        return totals;
    }

    private Map<String, Object> patients() {
        Map<String, Object> patients = new LinkedHashMap<>();
        patients.put("patient_records", count("SELECT COUNT(*) FROM patient_link WHERE run_id = ?"));
        patients.put("children", count("SELECT COUNT(*) FROM child WHERE run_id = ?"));
        List<Map<String, Object>> linked = new ArrayList<>();
        Map<String, List<String>> byRef = new LinkedHashMap<>();
        jdbc.query("SELECT patient_ref, src, patient_id FROM patient_link WHERE run_id = ? AND link_status = 'LINKED'"
                + " ORDER BY patient_ref, src_order", rs -> {
                    byRef.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2) + ":" + rs.getString(3));
                }, runId);
        byRef.forEach((ref, ids) -> linked.add(ordered("patient_ref", ref, "source_ids", ids)));
        patients.put("linked", linked);
        List<Map<String, Object>> conflicts = jdbc.query("SELECT patient_refs, reason FROM link_conflict WHERE run_id = ? ORDER BY patient_refs",
                (rs, n) -> ordered("patient_refs", List.of(rs.getString(1).split("\\|")), "reason", rs.getString(2)), runId);
        patients.put("linkage_conflicts", conflicts);
        return patients;
    }

    private Map<String, Object> cohorts() {
        Map<String, Object> cohorts = new LinkedHashMap<>();
        CohortCounts counts = CohortCounts.of(jdbc, runId);
        for (var cohort : plan.trial().cohorts()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("output", cohort.output());
            for (String status : List.of("CANDIDATE", "POSSIBLE", "EXCLUDED")) c.put(status, counts.status(cohort.id(), status));
            c.put("new_since_last_run", counts.newOnList(cohort.id()));
            cohorts.put(cohort.id(), c);
        }
        return cohorts;
    }

    private long count(String sql, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = runId;
        System.arraycopy(args, 0, all, 1, args.length);
        Long n = jdbc.queryForObject(sql, Long.class, all);
        return n == null ? 0 : n;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], keyValues[i + 1]);
        return map;
    }

    private static String instant(LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).withZoneSameInstant(ZoneOffset.UTC).toInstant().toString();
    }

    static String softwareVersion() {
        String version = RunManifestWriter.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
