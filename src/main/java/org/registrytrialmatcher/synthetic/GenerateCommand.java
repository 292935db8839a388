package org.registrytrialmatcher.synthetic;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.registrytrialmatcher.command.IsoDate;
import org.registrytrialmatcher.command.SoftwareVersion;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: writes synthetic exports of both registries into OUT/rheum and OUT/nephro, and the list of planted faults. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = SoftwareVersion.class,
        description = {"Writes synthetic exports of both registries, with faults planted.",
                "Into OUT/rheum and OUT/nephro, with the list of planted faults."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--children", paramLabel = "N", description = "children to generate (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int children;

    @Option(names = "--seed", paramLabel = "S", description = "random seed: the same seed writes the same files (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    long seed;

    @Option(names = "--run-date", paramLabel = "yyyy-MM-dd", converter = IsoDate.class, description = "the date the exports are as of (default: today)")
    LocalDate runDate;

    @Option(names = "--fault-rate", paramLabel = "F", description = "share of rows with a planted fault (default: ${DEFAULT-VALUE})",
            defaultValue = "0.02")
    double faultRate;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder to write into")
    Path out;

    @Option(names = "--cohort-dense", description = "every child in one of the trial's cohorts (the heaviest evaluation for its size)")
    boolean cohortDense;

    @Override
    public Integer call() {
        LocalDate date = runDate == null ? LocalDate.now() : runDate;
        long start = System.nanoTime();
        new SyntheticExportGenerator(seed, date, faultRate, cohortDense).generate(children, out);
        System.out.printf("generated %d children (seed %d, run date %s) into %s in %.1f s%n", children, seed, date, out,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
