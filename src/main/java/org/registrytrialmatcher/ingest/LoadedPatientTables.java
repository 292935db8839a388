package org.registrytrialmatcher.ingest;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link LoadedPatients} of each source of a run, shared by the fact-file partitions that
 * run in this JVM, so that each source's table is read from the database once instead of once
 * per file. Held weakly: a table lives while a partition's writer uses it, and goes with the
 * last of them. Keyed by job execution too, so that no table outlives the execution that read it
 * (a restart reads the staged patients again).
 */
public final class LoadedPatientTables {
    private record Key(long jobExecutionId, long runId, String source, String patientFile) {
    }

    private final JdbcTemplate jdbc;
    private final Map<Key, WeakReference<LoadedPatients>> tables = new HashMap<>();

    public LoadedPatientTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The table of {@code source}'s loaded patients in run {@code runId} (staged from its patient
     * file {@code patientFile}), for one job execution; built on its first question.
     */
    public synchronized LoadedPatients of(long jobExecutionId, long runId, String source, String patientFile) {
        tables.values().removeIf(ref -> ref.get() == null);
        Key key = new Key(jobExecutionId, runId, source, patientFile);
        WeakReference<LoadedPatients> ref = tables.get(key);
        LoadedPatients table = ref == null ? null : ref.get();
        if (table == null) {
            table = new LoadedPatients(jdbc, runId, source, patientFile);
            tables.put(key, new WeakReference<>(table));
        }
        return table;
    }
}
