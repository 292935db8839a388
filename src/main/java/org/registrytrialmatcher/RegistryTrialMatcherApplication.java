package org.registrytrialmatcher;

import java.io.PrintStream;

import org.registrytrialmatcher.command.MatcherCommand;
import org.registrytrialmatcher.run.NightlyRunCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The entry point: the command line ({@link MatcherCommand}) answers help, version and usage
 * errors itself and starts this Spring application only to run the job.
 */
@SpringBootApplication
public class RegistryTrialMatcherApplication {
    public static void main(String[] args) {
        System.exit(MatcherCommand.execute(args));
    }

    /** Starts Spring, whose NightlyRunCommand runs the job, and returns the exit code. */
    public static int start(String[] args) {
        SpringApplication application = new SpringApplication(RegistryTrialMatcherApplication.class);
        // On SIGTERM the run command stops the job at its next commit before anything is closed;
        // Spring's own hook would close the database under the running job.
        application.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        try {
            context = application.run(args);
        } catch (RuntimeException e) {
            return startupFailure(e, System.err);
        }
        return SpringApplication.exit(context);
    }

    /** Says why the application could not start, without a stack trace, and returns the exit code. */
    static int startupFailure(Throwable failure, PrintStream err) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            String message = String.valueOf(t.getMessage());
            if (message.contains("but no schema history table")) {
                err.println("registry-trial-matcher: the database was made by an earlier version of registry-trial-matcher, before its"
                        + " schema was kept in versioned migrations; this version does not change it. Start a new database: move the"
                        + " embedded database's folder aside (or name another with --rtm.db-dir=DIR), or give a new PostgreSQL schema or"
                        + " database in --spring.datasource.url.");
                return NightlyRunCommand.EXIT_FAILED;
            }
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
