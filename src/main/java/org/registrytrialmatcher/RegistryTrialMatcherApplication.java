package org.registrytrialmatcher;

import java.io.PrintStream;

import org.registrytrialmatcher.benchmark.BenchmarkCommand;
import org.registrytrialmatcher.run.EmbeddedDatabaseLock;
import org.registrytrialmatcher.run.EmbeddedDatabaseUrl;
import org.registrytrialmatcher.run.UnfinishedDatabaseCreation;
import org.registrytrialmatcher.run.NightlyRunCommand;
import org.registrytrialmatcher.synthetic.GenerateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The nightly run (no subcommand), {@code generate} for synthetic exports, or {@code benchmark}.
 */
@SpringBootApplication
public class RegistryTrialMatcherApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("generate")) {
            System.exit(GenerateCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("benchmark")) {
            try {
                System.exit(BenchmarkCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            } catch (Exception e) {
                System.err.println("benchmark: " + e);
                System.exit(1);
            }
        }
        try {
            if (!EmbeddedDatabaseLock.tryAcquire(args)) {
                System.err.println("registry-trial-matcher: another run is in progress against this database ("
                        + EmbeddedDatabaseUrl.databasePath(args).orElseThrow() + "); not starting a second one. Try again when it has finished.");
                System.exit(NightlyRunCommand.EXIT_ALREADY_RUNNING);
            }
            java.util.Optional<java.nio.file.Path> database = EmbeddedDatabaseUrl.databasePath(args).map(java.nio.file.Path::toAbsolutePath);
            if (database.isPresent()) {
                UnfinishedDatabaseCreation.setAside(database.get().getParent(), database.get().getFileName().toString())
                        .ifPresent(aside -> System.err.println("registry-trial-matcher: the embedded database was killed while it was being"
                                + " created; its files are set aside in " + aside + " and it is created afresh"));
            }
        } catch (java.io.IOException e) {
            System.err.println("registry-trial-matcher: cannot lock the database folder: " + e.getMessage());
            System.exit(NightlyRunCommand.EXIT_FAILED);
        }
        SpringApplication application = new SpringApplication(RegistryTrialMatcherApplication.class);
        // On SIGTERM the run command stops the job at its next commit before anything is closed;
        // Spring's own hook would close the database under the running job.
        application.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        try {
            context = application.run(args);
        } catch (RuntimeException e) {
            System.exit(startupFailure(e, System.err));
            return;
        }
        int exit = SpringApplication.exit(context);
        System.exit(exit);
    }

    /** Says why the application could not start, without a stack trace, and returns the exit code. */
    static int startupFailure(Throwable failure, PrintStream err) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            String message = String.valueOf(t.getMessage());
            if (message.contains("Database lock acquisition failure")) {
                err.println("registry-trial-matcher: the embedded database is in use by another run (its lock file is held);"
                        + " not starting a second one. Try again when that run has finished.");
                return NightlyRunCommand.EXIT_ALREADY_RUNNING;
            }
        }
        err.println("registry-trial-matcher: could not start: " + root.getClass().getSimpleName() + ": " + root.getMessage());
        return NightlyRunCommand.EXIT_FAILED;
    }
}
