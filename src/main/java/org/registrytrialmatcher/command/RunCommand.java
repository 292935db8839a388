package org.registrytrialmatcher.command;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.registrytrialmatcher.RegistryTrialMatcherApplication;
import org.registrytrialmatcher.run.DatabaseFolder;
import org.registrytrialmatcher.run.EmbeddedDatabaseLock;
import org.registrytrialmatcher.run.EmbeddedDatabaseUrl;
import org.registrytrialmatcher.run.NightlyRunCommand;
import org.registrytrialmatcher.run.RunArguments;
import org.registrytrialmatcher.run.RunOptions;
import org.registrytrialmatcher.run.UnfinishedDatabaseCreation;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code run}: the nightly job. Checks the command line, takes the embedded database's run lock,
 * then starts Spring, whose {@link NightlyRunCommand} runs (or resumes) the job.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = SoftwareVersion.class,
        description = {"Runs the nightly job: reads the exports, links children, screens them for the trial and writes the outputs.",
                "The same arguments are the same run: started again after a failure, it resumes."},
        footer = {"", "Spring properties pass through to the run, for example:",
                "  --spring.datasource.url=jdbc:postgresql://HOST/DB  another database, with",
                "  --spring.datasource.username=U --spring.datasource.password=P",
                "  --rtm.db-dir=DIR  the embedded database's folder (default: data/hsqldb)",
                "  --rtm.chunk-size=N  rows per transaction while ingesting (default: 10000)",
                "The README lists them all."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private List<String> arguments = List.of();
    private List<String> springProperties = List.of();

    /** The command line as given (handed to Spring, whose NightlyRunCommand reads it with the same options), and its Spring properties. */
    void commandLine(List<String> arguments, List<String> springProperties) {
        this.arguments = List.copyOf(arguments);
        this.springProperties = List.copyOf(springProperties);
    }

    @Override
    public Integer call() throws IOException {
        try {
            options.toArguments(LocalDate.now());
        } catch (RunArguments.UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String[] args = arguments.toArray(String[]::new);
        String[] spring = springProperties.toArray(String[]::new);
        if (!EmbeddedDatabaseLock.tryAcquire(spring)) {
            System.err.println("registry-trial-matcher: another run is in progress against this database ("
                    + EmbeddedDatabaseUrl.databasePath(spring).orElseThrow() + "); not starting a second one. Try again when it has finished.");
            return NightlyRunCommand.EXIT_ALREADY_RUNNING;
        }
        Optional<Path> database = EmbeddedDatabaseUrl.databasePath(spring).map(Path::toAbsolutePath);
        if (database.isPresent()) {
            UnfinishedDatabaseCreation.setAside(database.get().getParent(), database.get().getFileName().toString())
                    .ifPresent(aside -> System.err.println("registry-trial-matcher: the embedded database was killed while it was being"
                            + " created; its files are set aside in " + aside + " and it is created afresh"));
            DatabaseFolder.prepare(database.get());
            DatabaseFolder.ownerOnly(database.get());
        }
        try {
            return RegistryTrialMatcherApplication.start(args);
        } finally {
            // the database writes its last files as Spring closes it
            database.ifPresent(DatabaseFolder::ownerOnly);
        }
    }
}
