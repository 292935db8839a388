package org.registrytrialmatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.rules.TrialDefinitionLoader;
import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.run.SourceExport;
import org.registrytrialmatcher.source.SourceProfile;
import org.registrytrialmatcher.source.SourceProfileLoader;

/**
 * The partitions of the two ingest steps: the patient files, then the fact files, each step's
 * largest file first (so that the longest file does not start last on one thread).
 */
class IngestPartitionerTest {
    @TempDir
    Path work;

    @Test
    void patientFilesAreOneStepsPartitionsFactFilesTheOthersEachLargestFirst() throws IOException {
        SourceProfile rheum = SourceProfileLoader.load(Path.of("jobs/sources/rheum.yaml"));
        SourceProfile nephro = SourceProfileLoader.load(Path.of("jobs/sources/nephro.yaml"));
        Path r = Files.createDirectories(work.resolve("rheum"));
        Path n = Files.createDirectories(work.resolve("nephro"));
        for (var kind : org.registrytrialmatcher.source.RecordKind.values()) {
            Files.writeString(r.resolve(rheum.file(kind).fileName()), "x".repeat(10 + kind.ordinal()));
            Files.writeString(n.resolve(nephro.file(kind).fileName()), "x".repeat(100 - kind.ordinal()));
        }
        Files.writeString(r.resolve(rheum.file(org.registrytrialmatcher.source.RecordKind.LABS).fileName()), "x".repeat(5000));
        MeasureCatalogue catalogue = MeasureCatalogue.load(Path.of("jobs/analytes.yaml"), new UcumUnits());
        RunPlan plan = new RunPlan(LocalDate.of(2026, 11, 25), Path.of("jobs/rd06-05"), TrialDefinitionLoader.load(Path.of("jobs/rd06-05"), catalogue),
                List.of(new SourceExport("rheum", 0, rheum, r), new SourceExport("nephro", 1, nephro, n)), catalogue, work.resolve("out"));

        assertThat(new IngestPartitioner(plan, true).partition(2).keySet()).containsExactly("ingest:nephro:patients", "ingest:rheum:patients");
        assertThat(new IngestPartitioner(plan, false).partition(2).keySet()).containsExactly(
                "ingest:rheum:labs", "ingest:nephro:diagnoses", "ingest:nephro:labs", "ingest:nephro:medications", "ingest:nephro:observations",
                "ingest:nephro:biopsies", "ingest:rheum:biopsies", "ingest:rheum:observations", "ingest:rheum:medications", "ingest:rheum:diagnoses");
        assertThat(new IngestPartitioner(plan, false).partition(2).get("ingest:rheum:labs").getString(IngestPartitioner.KIND)).isEqualTo("LABS");
    }
}
