package org.registrytrialmatcher.linking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.StagingTable;
import org.registrytrialmatcher.staging.StreamedQueryReader;

/**
 * Streams a run's loaded patient records in linkage-key order (records without a key first,
 * then by source and ID, so the order is total and the same on every database) and hands them
 * out a group at a time: the records sharing a key, or one record without a key. Memory holds
 * one group. Restartable by the count of groups handed out.
 */
public class LinkageGroupReader extends StreamedQueryReader<LinkageGroup> {
    static final String READ_KEY = "groups.read";

    private final long runId;
    private boolean started;
    private LinkageGroup.Member pending;

    public LinkageGroupReader(DataSource dataSource, long runId) {
        super(dataSource, READ_KEY, "the patients of run " + runId + " for linking");
        this.runId = runId;
    }

    @Override
    protected String sql() {
        return "SELECT p.linkage_key, p.src, f.src_order, p.patient_id, p.birth_date, p.sex FROM " + StagingTable.PATIENTS.tableName() + " p"
                + " JOIN input_file f ON f.run_id = p.run_id AND f.src = p.src AND f.file_name = p.file_name"
                + " WHERE p.run_id = ? ORDER BY p.linkage_key NULLS FIRST, p.src, p.patient_id";
    }

    @Override
    protected void bind(PreparedStatement statement) throws SQLException {
        statement.setLong(1, runId);
    }

    @Override
    protected void opened(Connection connection) {
        started = false;
        pending = null;
    }

    @Override
    protected LinkageGroup next(ResultSet rows) throws SQLException {
        if (!started) {
            started = true;
            pending = member(rows);
        }
        if (pending == null) return null;
        List<LinkageGroup.Member> members = new ArrayList<>(2);
        members.add(pending);
        String key = pending.key();
        pending = member(rows);
        while (key != null && pending != null && key.equals(pending.key())) {
            members.add(pending);
            pending = member(rows);
        }
        return new LinkageGroup(List.copyOf(members));
    }

    private static LinkageGroup.Member member(ResultSet rows) throws SQLException {
        if (!rows.next()) return null;
        return new LinkageGroup.Member(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4), rows.getObject(5), rows.getString(6));
    }
}
