package org.registrytrialmatcher.run;

import java.time.LocalDate;
import java.util.List;

import org.registrytrialmatcher.command.SpringArguments;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A run as its command line names it (outputs.md): trial folder, sources in order, run date,
 * output folder, jobs folder, the stamp of a fresh run, and what retention keeps. Parsed by picocli from the
 * {@link RunOptions}; Spring properties ({@code --spring.*}, {@code --rtm.*}) are left to Spring.
 */
public record RunArguments(String trial, List<String> sources, LocalDate runDate, String out, String jobsDir, String freshRunStamp,
                           int keepStagingRuns, int keepResultsDays) {

    public static final String DEFAULT_TRIAL = "jobs/rd06-05";
    public static final List<String> DEFAULT_SOURCES = List.of("rheum:sample-data/rheum", "nephro:sample-data/nephro");

    /** A command line that cannot be run; the message says what to change. */
    public static class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    @Command(name = "run")
    private static final class Options {
        @Mixin
        RunOptions options = new RunOptions();
    }

    public static RunArguments parse(String[] args, LocalDate today) {
        Options parsed = new Options();
        List<String> own = SpringArguments.split(args).commandArguments();
        if (!own.isEmpty() && own.get(0).equals("run")) own = own.subList(1, own.size());
        try {
            new CommandLine(parsed).parseArgs(own.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        return parsed.options.toArguments(today);
    }
}
