package org.registrytrialmatcher.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.registrytrialmatcher.run.RunPlan;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per export file: the unit of work of the ingest step, so that files load in
 * parallel here and, later, on several machines. A partition's context names the source and
 * the kind of record, nothing more.
 */
public class IngestPartitioner implements Partitioner {
    public static final String SOURCE = "source";
    public static final String KIND = "kind";

    private final RunPlan plan;

    public IngestPartitioner(RunPlan plan) {
        this.plan = plan;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (InputFile file : plan.inputFiles()) {
            ExecutionContext context = new ExecutionContext();
            context.putString(SOURCE, file.source());
            context.putString(KIND, file.kind().name());
            partitions.put("ingest:" + file.source() + ":" + file.kind().key(), context);
        }
        return partitions;
    }
}
