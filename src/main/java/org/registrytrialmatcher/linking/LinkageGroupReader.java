package org.registrytrialmatcher.linking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.StagingTable;
import org.registrytrialmatcher.staging.StreamingConnections;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams a run's loaded patient records in linkage-key order (records without a key first,
 * then by source and ID, so the order is total and the same on every database) and hands them
 * out a group at a time: the records sharing a key, or one record without a key. Memory holds
 * one group. Restartable: the number of records handed out is saved at each commit (a count,
 * never a patient ID), and a restart skips that many; a group never spans a commit.
 */
public class LinkageGroupReader implements ItemStreamReader<LinkageGroup> {
    static final String READ_KEY = "patients.read";

    private final DataSource dataSource;
    private final long runId;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private LinkageGroup.Member pending;
    private long handedOut;

    public LinkageGroupReader(DataSource dataSource, long runId) {
        this.dataSource = dataSource;
        this.runId = runId;
    }

    @Override
    public void open(ExecutionContext context) {
        long skip = context.getLong(READ_KEY, 0L);
        try {
            connection = StreamingConnections.open(dataSource);
            statement = connection.prepareStatement("SELECT p.linkage_key, p.src, f.src_order, p.patient_id, p.birth_date, p.sex"
                    + " FROM " + StagingTable.PATIENTS.tableName() + " p"
                    + " JOIN input_file f ON f.run_id = p.run_id AND f.src = p.src AND f.file_name = p.file_name"
                    + " WHERE p.run_id = ? ORDER BY p.linkage_key NULLS FIRST, p.src, p.patient_id",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1000);
            statement.setLong(1, runId);
            rows = statement.executeQuery();
            for (long i = 0; i < skip && rows.next(); i++) {
                // linked and committed before a restart
            }
            handedOut = skip;
            pending = next();
        } catch (SQLException e) {
            close();
            throw new ItemStreamException("cannot read the patients of run " + runId + " for linking (SQLState " + e.getSQLState() + ")");
        }
    }

    private LinkageGroup.Member next() throws SQLException {
        if (!rows.next()) return null;
        return new LinkageGroup.Member(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4), rows.getObject(5), rows.getString(6));
    }

    @Override
    public LinkageGroup read() {
        try {
            if (pending == null) return null;
            List<LinkageGroup.Member> members = new ArrayList<>(2);
            members.add(pending);
            String key = pending.key();
            pending = next();
            while (key != null && pending != null && key.equals(pending.key())) {
                members.add(pending);
                pending = next();
            }
            handedOut += members.size();
            return new LinkageGroup(List.copyOf(members));
        } catch (SQLException e) {
            throw new ItemStreamException("cannot read the patients of run " + runId + " for linking (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(READ_KEY, handedOut);
    }

    @Override
    public void close() {
        try {
            if (rows != null) rows.close();
            if (statement != null) statement.close();
            StreamingConnections.close(connection);
        } catch (SQLException e) {
            throw new ItemStreamException("cannot close the linking cursor (SQLState " + e.getSQLState() + ")");
        } finally {
            rows = null;
            statement = null;
            connection = null;
            pending = null;
        }
    }
}
