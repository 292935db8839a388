package org.registrytrialmatcher.run;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.ingest.InputFile;
import org.registrytrialmatcher.rules.TrialDefinition;
import org.registrytrialmatcher.source.RecordKind;

/**
 * Everything a run works from, resolved from its job parameters: the as-of date, the trial
 * definition (folder and loaded rules), the sources in the order given, the measure catalogue and the output folder.
 */
public record RunPlan(LocalDate runDate, Path trialDir, TrialDefinition trial, List<SourceExport> sources, MeasureCatalogue catalogue, Path outDir) {

    public Optional<SourceExport> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every export file of every source, sources in the order given and files in kind order. */
    public List<InputFile> inputFiles() {
        List<InputFile> files = new ArrayList<>();
        for (SourceExport source : sources) {
            for (RecordKind kind : RecordKind.values()) {
                String name = source.profile().file(kind).fileName();
                files.add(new InputFile(source.name(), source.order(), kind, name, source.directory().resolve(name)));
            }
        }
        return files;
    }
}
