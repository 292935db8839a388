package org.registrytrialmatcher.run;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a run (outputs.md): {@code --trial}, repeatable {@code --source=PROFILE:DIR},
 * {@code --run-date}, {@code --out}, plus {@code --jobs-dir} (where profiles and the measure
 * catalogue live) and {@code --fresh-run} (start a new run even if this one completed).
 * With none of the run options it runs the shipped sample data. Spring options
 * ({@code --spring.*}) are left to Spring.
 */
public record RunArguments(String trial, List<String> sources, LocalDate runDate, String out, String jobsDir, String freshRunStamp) {

    public static final String DEFAULT_TRIAL = "jobs/rd06-05";
    public static final List<String> DEFAULT_SOURCES = List.of("rheum:sample-data/rheum", "nephro:sample-data/nephro");

    /** A command line that cannot be run; the message says what to change. */
    public static class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    public static RunArguments parse(String[] args, LocalDate today) {
        String trial = null;
        List<String> sources = new ArrayList<>();
        LocalDate runDate = null;
        String out = null;
        String jobsDir = "jobs";
        boolean fresh = false;
        for (String arg : args) {
            if (arg.startsWith("--spring.") || arg.startsWith("--logging.") || arg.startsWith("--rtm.")) continue;
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--trial" -> trial = required(name, value);
                case "--source" -> {
                    String s = required(name, value);
                    int colon = s.indexOf(':');
                    if (colon <= 0 || colon == s.length() - 1) {
                        throw new UsageException("--source must be PROFILE:DIR, e.g. --source=rheum:sample-data/rheum (got '" + s + "')");
                    }
                    if (s.contains(RunParameters.SOURCE_SEPARATOR)) {
                        throw new UsageException("--source must not contain '" + RunParameters.SOURCE_SEPARATOR + "'");
                    }
                    sources.add(s);
                }
                case "--run-date" -> {
                    try {
                        runDate = LocalDate.parse(required(name, value));
                    } catch (DateTimeParseException e) {
                        throw new UsageException("--run-date must be a date yyyy-MM-dd (got '" + value + "')");
                    }
                }
                case "--out" -> out = required(name, value);
                case "--jobs-dir" -> jobsDir = required(name, value);
                case "--fresh-run" -> fresh = true;
                default -> throw new UsageException("unknown option '" + name + "'; options: --trial=DIR --source=PROFILE:DIR (repeatable)"
                        + " --run-date=yyyy-MM-dd --out=DIR --jobs-dir=DIR --fresh-run --spring.datasource.url=...");
            }
        }
        if (trial == null) trial = DEFAULT_TRIAL;
        if (sources.isEmpty()) sources = DEFAULT_SOURCES;
        if (runDate == null) runDate = today;
        if (out == null) out = "out/" + runDate;
        return new RunArguments(trial, List.copyOf(sources), runDate, out, jobsDir,
                fresh ? String.valueOf(System.currentTimeMillis()) : null);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) throw new UsageException(name + " needs a value: " + name + "=...");
        return value;
    }
}
