package org.registrytrialmatcher.output;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Reads every rejected row of a run of an embedded database, as the writeRejected step does, and
 * prints how many there were: run by {@link RejectedRowReaderTest} in a JVM of its own with a
 * heap far smaller than the run's rejected rows.
 */
public final class RejectedRowsUnderASmallHeap {
    private RejectedRowsUnderASmallHeap() {
    }

    /** {@code args}: the database's JDBC URL and the run's id. */
    public static void main(String[] args) throws Exception {
        RejectedRowReader reader = new RejectedRowReader(new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(), args[0], "SA", ""),
                Long.parseLong(args[1]));
        reader.open(new ExecutionContext());
        long rows = 0;
        long lastLine = -1;
        try {
            for (RejectedRow row; (row = reader.read()) != null; ) {
                if (row.line() <= lastLine) throw new IllegalStateException("rows out of line order at line " + row.line());
                lastLine = row.line();
                rows++;
            }
        } finally {
            reader.close();
        }
        System.out.println("rows=" + rows);
    }
}
