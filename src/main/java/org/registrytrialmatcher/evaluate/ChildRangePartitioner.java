package org.registrytrialmatcher.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Splits the run's children into contiguous ranges of child numbers (see the {@code child}
 * table), one partition each, of near-equal size. A partition's context holds two numbers,
 * never a patient reference, so the batch tables stay free of patient data; each range can be
 * evaluated on its own thread or, with remote partitioning, on another machine.
 */
public class ChildRangePartitioner implements Partitioner {
    public static final String FIRST_CHILD = "firstChild";
    public static final String LAST_CHILD = "lastChild";

    private final JdbcTemplate jdbc;
    private final long runId;

    public ChildRangePartitioner(JdbcTemplate jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Long counted = jdbc.queryForObject("SELECT COUNT(*) FROM child WHERE run_id = ?", Long.class, runId);
        long children = counted == null ? 0 : counted;
        int partitions = (int) Math.max(1, Math.min(gridSize, children));
        Map<String, ExecutionContext> ranges = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            long first = 1 + children * p / partitions;
            long last = children * (p + 1) / partitions;
            ExecutionContext context = new ExecutionContext();
            context.putLong(FIRST_CHILD, first);
            context.putLong(LAST_CHILD, last);
            ranges.put("children-" + (p + 1) + "-of-" + partitions, context);
        }
        return ranges;
    }
}
