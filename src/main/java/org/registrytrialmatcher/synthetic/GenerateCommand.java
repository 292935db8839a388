package org.registrytrialmatcher.synthetic;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * {@code java -jar target/registry-trial-matcher.jar generate --children=N [--seed=S]
 * [--run-date=yyyy-MM-dd] [--fault-rate=0.02] --out=DIR}: writes synthetic exports of both
 * registries into DIR/rheum and DIR/nephro, and the list of planted faults.
 */
public final class GenerateCommand {
    private GenerateCommand() {
    }

    public static int run(String[] args) {
        int children = 1000;
        long seed = 1;
        LocalDate runDate = LocalDate.now();
        double faultRate = 0.02;
        Path out = null;
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.startsWith("--children=")) children = Integer.parseInt(value);
            else if (arg.startsWith("--seed=")) seed = Long.parseLong(value);
            else if (arg.startsWith("--run-date=")) runDate = LocalDate.parse(value);
            else if (arg.startsWith("--fault-rate=")) faultRate = Double.parseDouble(value);
            else if (arg.startsWith("--out=")) out = Path.of(value);
            else {
                System.err.println("generate: unknown option " + arg
                        + "; options: --children=N --seed=S --run-date=yyyy-MM-dd --fault-rate=0.02 --out=DIR");
                return 2;
            }
        }
        if (out == null) {
            System.err.println("generate: --out=DIR is required");
            return 2;
        }
        long start = System.nanoTime();
        new SyntheticExportGenerator(seed, runDate, faultRate).generate(children, out);
        System.out.printf("generated %d children (seed %d, run date %s) into %s in %.1f s%n", children, seed, runDate, out,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
