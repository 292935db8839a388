package org.registrytrialmatcher.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.registrytrialmatcher.benchmark.BenchmarkCommand;
import org.registrytrialmatcher.synthetic.GenerateCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code run} (the default when no command is named), {@code generate} and
 * {@code benchmark}, each a subcommand with its own {@code --help}. Help, version and every
 * mistake on the command line are answered by picocli before Spring starts or any database is
 * opened; a wrong command line exits 2 with the usage. Spring properties ({@code --spring.*},
 * {@code --rtm.*}, {@code --logging.*}) pass through to the run.
 */
@Command(name = "registry-trial-matcher", mixinStandardHelpOptions = true, versionProvider = SoftwareVersion.class,
        description = {"Pre-screens the children of registry exports for a clinical trial.",
                "With no command it runs the nightly job: 'run' is the default."},
        subcommands = {RunCommand.class, GenerateCommand.class, BenchmarkCommand.class},
        footer = {"", "Exit codes: 0 done; 1 the run failed (start it again to resume);",
                "2 the command line or a definition file is wrong; 3 another run holds the database."})
public final class MatcherCommand implements Runnable {
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    /** Runs the command line and returns the process's exit code. */
    public static int execute(String[] args) {
        SpringArguments split = SpringArguments.split(args);
        List<String> command = new ArrayList<>(split.commandArguments());
        if (command.isEmpty() || command.get(0).startsWith("-") && !TOP_LEVEL_OPTIONS.contains(command.get(0))) command.add(0, "run");
        CommandLine cli = commandLine();
        List<String> given = List.of(args);
        if (!given.isEmpty() && given.get(0).equals("run")) given = given.subList(1, given.size());
        ((RunCommand) cli.getSubcommands().get("run").getCommand()).commandLine(given, split.springProperties());
        return cli.execute(command.toArray(String[]::new));
    }

    /**
     * The command line with its subcommands. A wrong command line gets its error, picocli's
     * suggestions, the usage line and where to find more, and exit 2; a command that fails says
     * why in one line, without a stack trace, and exits 1.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MatcherCommand());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            CommandLine.Help help = failed.getHelp();
            err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandName() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            err.flush();
            return 1;
        });
        return cli;
    }
}
