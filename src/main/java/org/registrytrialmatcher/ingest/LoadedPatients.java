package org.registrytrialmatcher.ingest;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which patient IDs of one source have a staged patient row in a run: asked for the patients of
 * each chunk of a fact file, once the source's patient file is staged (the job ingests patient
 * files first). A patient whose row was rejected has none; one defined twice keeps its first
 * row, so the answer does not change when checkStagedRows later removes the second. One query
 * per chunk, the IDs passed as an array and each looked up in the patient index (an IN list of
 * parameters made the embedded database scan the source's patients once per query instead:
 * minutes per file). Memory: the IDs of one chunk.
 */
public final class LoadedPatients {
    /** IDs asked per query at most. */
    static final int PER_QUERY = 1000;
    private static final String SQL = "SELECT t.id FROM UNNEST(CAST(? AS VARCHAR(128) ARRAY)) AS t(id) WHERE EXISTS (SELECT 1 FROM "
            + StagingTable.PATIENTS.tableName() + " p WHERE p.run_id = ? AND p.src = ? AND p.patient_id = t.id)";

    private final JdbcTemplate jdbc;
    private final long runId;
    private final String source;

    public LoadedPatients(JdbcTemplate jdbc, long runId, String source) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.source = source;
    }

    /** Those of {@code patientIds} that have a staged patient row. */
    public Set<String> among(Collection<String> patientIds) {
        Set<String> loaded = new HashSet<>();
        List<String> ids = new ArrayList<>(patientIds);
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement query = connection.prepareStatement(SQL)) {
                for (int from = 0; from < ids.size(); from += PER_QUERY) {
                    Array array = connection.createArrayOf("VARCHAR", ids.subList(from, Math.min(ids.size(), from + PER_QUERY)).toArray());
                    try {
                        query.setArray(1, array);
                        query.setLong(2, runId);
                        query.setString(3, source);
                        try (ResultSet rs = query.executeQuery()) {
                            while (rs.next()) loaded.add(rs.getString(1));
                        }
                    } finally {
                        array.free();
                    }
                }
            }
            return null;
        });
        return loaded;
    }
}
