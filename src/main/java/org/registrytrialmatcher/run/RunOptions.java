package org.registrytrialmatcher.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.registrytrialmatcher.command.IsoDate;

import picocli.CommandLine.Option;

/**
 * The options of a run (outputs.md), as picocli reads them for the {@code run} command and for
 * the job started inside Spring: one declaration, one parser. With none of them it runs the
 * shipped sample data as of today.
 */
public class RunOptions {
    @Option(names = "--trial", paramLabel = "DIR", description = "the trial definition folder (default: ${DEFAULT-VALUE})",
            defaultValue = RunArguments.DEFAULT_TRIAL)
    String trial;

    @Option(names = "--source", paramLabel = "PROFILE:DIR", description = {"read the export in DIR with source profile PROFILE"
            + " (jobs/sources/PROFILE.yaml, or a path to a .yaml profile); repeatable, in order of preference",
            "(default: rheum:sample-data/rheum and nephro:sample-data/nephro)"})
    List<String> sources = new ArrayList<>();

    @Option(names = "--run-date", paramLabel = "yyyy-MM-dd", converter = IsoDate.class, description = "the as-of date of the run (default: today)")
    LocalDate runDate;

    @Option(names = "--out", paramLabel = "DIR", description = "the output folder, created owner-only (default: out/<run-date>)")
    String out;

    @Option(names = "--jobs-dir", paramLabel = "DIR", description = "where sources/ and analytes.yaml live (default: ${DEFAULT-VALUE})",
            defaultValue = "jobs")
    String jobsDir;

    @Option(names = "--fresh-run", description = "run again from scratch even if this run already completed")
    boolean freshRun;

    @Option(names = "--keep-staging-runs", paramLabel = "N", defaultValue = "1",
            description = "completed runs whose staged rows are kept; older ones are deleted at the end of a run (default: ${DEFAULT-VALUE})")
    int keepStagingRuns;

    @Option(names = "--keep-results-days", paramLabel = "D", defaultValue = "400",
            description = "days a run's results are kept, counted back from the run date (default: ${DEFAULT-VALUE})")
    int keepResultsDays;

    /** The run these options name, or a usage error naming what is wrong (a malformed source, a folder that is not there). */
    public RunArguments toArguments(LocalDate today) {
        folder("--trial", trial);
        folder("--jobs-dir", jobsDir);
        for (String s : sources) {
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new RunArguments.UsageException("--source must be PROFILE:DIR, e.g. --source=rheum:sample-data/rheum (got '" + s + "')");
            }
            if (s.contains(RunParameters.SOURCE_SEPARATOR)) {
                throw new RunArguments.UsageException("--source must not contain '" + RunParameters.SOURCE_SEPARATOR + "'");
            }
            folder("--source " + s.substring(0, colon), s.substring(colon + 1));
        }
        if (keepStagingRuns < 1) throw new RunArguments.UsageException("--keep-staging-runs must be 1 or more (got " + keepStagingRuns + ")");
        if (keepResultsDays < 0) throw new RunArguments.UsageException("--keep-results-days must be 0 or more (got " + keepResultsDays + ")");
        List<String> chosen = sources.isEmpty() ? RunArguments.DEFAULT_SOURCES : List.copyOf(sources);
        LocalDate date = runDate == null ? today : runDate;
        return new RunArguments(trial, chosen, date, out == null ? "out/" + date : out, jobsDir,
                freshRun ? String.valueOf(System.currentTimeMillis()) : null, keepStagingRuns, keepResultsDays);
    }

    private static void folder(String option, String path) {
        if (!Files.isDirectory(Path.of(path))) throw new RunArguments.UsageException(option + ": folder " + path + " not found");
    }
}
