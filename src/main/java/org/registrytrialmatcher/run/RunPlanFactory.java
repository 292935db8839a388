package org.registrytrialmatcher.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.rules.TrialDefinition;
import org.registrytrialmatcher.rules.TrialDefinitionLoader;
import org.registrytrialmatcher.source.DefinitionException;
import org.registrytrialmatcher.source.SourceProfile;
import org.registrytrialmatcher.source.SourceProfileLoader;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.stereotype.Component;

/**
 * Resolves job parameters into a {@link RunPlan}, loading and validating the profiles and the
 * catalogue once per distinct set of parameters (every step of a run shares the same plan).
 */
@Component
public class RunPlanFactory {
    private final UcumUnits ucum;
    private final Map<String, RunPlan> plans = new ConcurrentHashMap<>();

    public RunPlanFactory(UcumUnits ucum) {
        this.ucum = ucum;
    }

    public RunPlan plan(JobParameters parameters) {
        String key = parameters.getString(RunParameters.TRIAL) + "\n" + parameters.getString(RunParameters.SOURCES) + "\n"
                + parameters.getString(RunParameters.JOBS_DIR) + "\n" + RunParameters.runDate(parameters) + "\n" + parameters.getString(RunParameters.OUT);
        return plans.computeIfAbsent(key, k -> build(parameters));
    }

    private RunPlan build(JobParameters parameters) {
        Path jobsDir = Path.of(parameters.getString(RunParameters.JOBS_DIR));
        MeasureCatalogue catalogue = MeasureCatalogue.load(jobsDir.resolve("analytes.yaml"), ucum);
        List<SourceExport> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int order = 0;
        for (String spec : RunParameters.sources(parameters)) {
            int colon = spec.indexOf(':');
            SourceProfile profile = SourceProfileLoader.load(jobsDir.resolve("sources"), spec.substring(0, colon));
            checkProfileAgainstCatalogue(profile, catalogue);
            Path dir = Path.of(spec.substring(colon + 1));
            if (!names.add(profile.name())) {
                throw new DefinitionException("source '" + profile.name() + "' is given twice in --source");
            }
            if (!Files.isDirectory(dir)) {
                throw new DefinitionException(profile.name() + ": export folder " + dir + " does not exist");
            }
            sources.add(new SourceExport(profile.name(), order++, profile, dir));
        }
        Path trialDir = Path.of(parameters.getString(RunParameters.TRIAL));
        TrialDefinition trial = TrialDefinitionLoader.load(trialDir, catalogue);
        return new RunPlan(RunParameters.runDate(parameters), trialDir, trial, List.copyOf(sources), catalogue,
                Path.of(parameters.getString(RunParameters.OUT)));
    }

    private void checkProfileAgainstCatalogue(SourceProfile profile, MeasureCatalogue catalogue) {
        profile.codeList("labs").forEach((code, analyte) -> {
            if (catalogue.analyte(analyte).isEmpty()) {
                throw new DefinitionException(profile.definitionFile() + ": entry 'codes.labs." + code + "' maps to '" + analyte
                        + "', which is not an analyte of " + catalogue.file());
            }
        });
        profile.codeList("observations").forEach((code, obs) -> {
            if (catalogue.observation(obs).isEmpty()) {
                throw new DefinitionException(profile.definitionFile() + ": entry 'codes.observations." + code + "' maps to '" + obs
                        + "', which is not an observation of " + catalogue.file());
            }
        });
        profile.unitSpellings().asMap().forEach((spelling, code) -> {
            if (!ucum.isValid(code)) {
                throw new DefinitionException(profile.definitionFile() + ": unit spelling '" + spelling + "' maps to '" + code
                        + "', which is not a UCUM unit");
            }
        });
    }
}
