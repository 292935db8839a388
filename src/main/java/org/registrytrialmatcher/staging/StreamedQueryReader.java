package org.registrytrialmatcher.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A reader over one large query, streamed on a connection of its own
 * ({@link StreamingConnections}) across the step's chunk transactions. Subclasses give the
 * query and turn the cursor's rows into items ({@link #next}); an item may take several rows.
 * Restartable by count: the items handed out are saved at each commit under the subclass's
 * key (a count, never a patient's data), and a restart reads that many again without handing
 * them out. Failures name what was being read and the SQLState, never a value.
 */
public abstract class StreamedQueryReader<T> implements ItemStreamReader<T> {
    private final DataSource dataSource;
    private final String countKey;
    private final String what;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private long handedOut;

    /**
     * @param countKey the execution-context key of the count
     * @param what     what is read, for failure messages ("the results of run 7")
     */
    protected StreamedQueryReader(DataSource dataSource, String countKey, String what) {
        this.dataSource = dataSource;
        this.countKey = countKey;
        this.what = what;
    }

    /** The query, in the order items are handed out (a total order, so that a restart meets the same items). */
    protected abstract String sql();

    /** Sets the query's parameters. */
    protected abstract void bind(PreparedStatement statement) throws SQLException;

    /** Prepares what else the reader needs on the same connection, after the query has run (nothing by default). */
    protected void opened(Connection connection) throws SQLException {
    }

    /** The next item from the cursor (the cursor starts before its first row), or null when there is none. */
    protected abstract T next(ResultSet rows) throws SQLException;

    /** Releases what {@link #opened} prepared (nothing by default). */
    protected void closing() throws SQLException {
    }

    @Override
    public void open(ExecutionContext context) {
        long skip = context.getLong(countKey, 0L);
        try {
            connection = StreamingConnections.open(dataSource);
            statement = connection.prepareStatement(sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1000);
            bind(statement);
            rows = statement.executeQuery();
            opened(connection);
            for (handedOut = 0; handedOut < skip && next(rows) != null; handedOut++) {
                // handed out and committed before a restart
            }
        } catch (SQLException e) {
            close();
            throw new ItemStreamException("cannot read " + what + " (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public T read() {
        try {
            T item = next(rows);
            if (item != null) handedOut++;
            return item;
        } catch (SQLException e) {
            throw new ItemStreamException("cannot read " + what + " (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(countKey, handedOut);
    }

    @Override
    public void close() {
        SQLException failure = null;
        try {
            closing();
        } catch (SQLException e) {
            failure = e;
        }
        try {
            if (rows != null) rows.close();
            if (statement != null) statement.close();
            StreamingConnections.close(connection);
        } catch (SQLException e) {
            if (failure == null) failure = e;
        } finally {
            rows = null;
            statement = null;
            connection = null;
        }
        if (failure != null) throw new ItemStreamException("cannot close the cursor over " + what + " (SQLState " + failure.getSQLState() + ")");
    }
}
