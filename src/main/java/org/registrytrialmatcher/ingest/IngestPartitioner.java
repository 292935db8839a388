package org.registrytrialmatcher.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.source.RecordKind;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per export file: the unit of work of the ingest steps, so that files load in
 * parallel here and, later, on several machines. The patient files are one step's partitions,
 * the fact files the next one's: a fact row is staged only if its patient is. Largest file
 * first: a large file started last would keep one thread busy alone for its whole length. A partition's context names the source and the
 * kind of record, nothing more.
 */
public class IngestPartitioner implements Partitioner {
    public static final String SOURCE = "source";
    public static final String KIND = "kind";

    private final RunPlan plan;
    private final boolean patientFiles;

    /** {@code patientFiles}: the partitions of the patient files, else those of the fact files. */
    public IngestPartitioner(RunPlan plan, boolean patientFiles) {
        this.plan = plan;
        this.patientFiles = patientFiles;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        List<InputFile> files = new ArrayList<>();
        for (InputFile file : plan.inputFiles()) {
            if ((file.kind() == RecordKind.PATIENTS) == patientFiles) files.add(file);
        }
        files.sort(Comparator.comparingLong(IngestPartitioner::size).reversed());
        for (InputFile file : files) {
            ExecutionContext context = new ExecutionContext();
            context.putString(SOURCE, file.source());
            context.putString(KIND, file.kind().name());
            partitions.put("ingest:" + file.source() + ":" + file.kind().key(), context);
        }
        return partitions;
    }

    /** The file's size; a file that cannot be read (checkInputs has failed the run before) counts as empty. */
    private static long size(InputFile file) {
        try {
            return Files.size(file.path());
        } catch (IOException e) {
            return 0;
        }
    }
}
