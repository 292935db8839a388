package org.registrytrialmatcher.run;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.ingest.ExportFileException;
import org.registrytrialmatcher.output.RunManifestWriter;
import org.registrytrialmatcher.retention.EmbeddedDatabaseCompaction;
import org.registrytrialmatcher.source.DefinitionException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line entry: turns the arguments into a run, starts it (or resumes it, when the
 * same run failed or was stopped), and reports the outcome: exit 0 when the job completed
 * (or had already completed), non-zero with the reason on stderr otherwise.
 */
@Component
@ConditionalOnProperty(name = "rtm.command.enabled", havingValue = "true", matchIfMissing = true)
public class NightlyRunCommand implements ApplicationRunner, ExitCodeGenerator {
    public static final int EXIT_COMPLETED = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_ALREADY_RUNNING = 3;

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job nightlyRun;
    private final RunPlanFactory plans;
    private final RunLock runLock;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private int exitCode = EXIT_COMPLETED;
    private JobExecution lastExecution;

    private final EmbeddedDatabaseCompaction compaction;

    public NightlyRunCommand(JobOperator jobOperator, JobRepository jobRepository, Job nightlyRun, RunPlanFactory plans, RunLock runLock,
                             EmbeddedDatabaseCompaction compaction) {
        this.compaction = compaction;
        this.runLock = runLock;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.nightlyRun = nightlyRun;
        this.plans = plans;
    }

    @Override
    public void run(ApplicationArguments args) {
        RunArguments arguments;
        JobParameters parameters;
        try {
            arguments = RunArguments.parse(args.getSourceArgs(), LocalDate.now());
            parameters = RunParameters.of(arguments);
            plans.plan(parameters);
        } catch (RunArguments.UsageException | DefinitionException e) {
            err.println("registry-trial-matcher: " + e.getMessage());
            exitCode = EXIT_USAGE;
            return;
        }
        try {
            runAndReport(arguments, parameters);
        } finally {
            jobEnded.countDown();
            runLock.release();
        }
    }

    private void runAndReport(RunArguments arguments, JobParameters parameters) {
        try {
            if (!runLock.tryAcquire()) {
                err.println("registry-trial-matcher: another run is in progress against this database; not starting a second one."
                        + " Try again when it has finished.");
                exitCode = EXIT_ALREADY_RUNNING;
                return;
            }
            recoverStaleExecutions();
            removeInstanceWithoutExecution(parameters);
            JobExecution previous = jobRepository.getLastJobExecution(nightlyRun.getName(), parameters);
            if (previous != null && previous.getStatus() == BatchStatus.COMPLETED) {
                out.println("The run of " + arguments.runDate() + " for " + arguments.trial() + " already completed (execution "
                        + previous.getId() + "); its outputs in " + arguments.out() + " are left as they are."
                        + " To run it again from scratch, add --fresh-run.");
                exitCode = EXIT_COMPLETED;
                return;
            }
            if (previous != null) {
                out.println("Resuming the run of " + arguments.runDate() + " (previous execution " + previous.getId()
                        + " ended " + previous.getStatus() + ").");
            }
            HeapWatcher.start();
            Thread stopOnSigterm = new Thread(this::stopRunningJob, "rtm-sigterm");
            Runtime.getRuntime().addShutdownHook(stopOnSigterm);
            try {
                lastExecution = jobOperator.start(nightlyRun, parameters);
            } finally {
                removeHook(stopOnSigterm);
            }
        } catch (JobInstanceAlreadyCompleteException e) {
            out.println("The run of " + arguments.runDate() + " already completed; outputs left as they are. Add --fresh-run to run again.");
            exitCode = EXIT_COMPLETED;
            return;
        } catch (JobExecutionAlreadyRunningException e) {
            err.println("registry-trial-matcher: a run with these arguments is already running against this database;"
                    + " not starting a second one.");
            exitCode = EXIT_ALREADY_RUNNING;
            return;
        } catch (Exception e) {
            err.println("registry-trial-matcher: the run could not be started: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            exitCode = EXIT_FAILED;
            return;
        }
        report(arguments, lastExecution);
    }

    private final java.util.concurrent.CountDownLatch jobEnded = new java.util.concurrent.CountDownLatch(1);

    /**
     * Executions still marked as running while this process holds the run lock were left by a
     * process that died (kill -9, power loss): mark them failed so they can be restarted.
     */
    private void recoverStaleExecutions() {
        for (JobExecution stale : jobRepository.findRunningJobExecutions(nightlyRun.getName())) {
            out.println("Recovering execution " + stale.getId() + ", left " + stale.getStatus() + " by a process that is no longer running.");
            jobOperator.recover(stale);
        }
    }

    /**
     * Spring Batch creates a job instance and its first execution in two transactions: a process
     * killed between the two leaves an instance with no execution, and every later start of the
     * same run would fail on it ("Cannot find any job execution for job instance"). Such an
     * instance holds no state (no execution, no step, no context), so it is removed and the run
     * starts afresh. Only called while this process holds the run lock.
     */
    private void removeInstanceWithoutExecution(JobParameters parameters) {
        JobInstance instance = jobRepository.getJobInstance(nightlyRun.getName(), parameters);
        if (instance != null && jobRepository.getJobExecutions(instance).isEmpty()) {
            out.println("Removing job instance " + instance.getInstanceId() + ", left without an execution by a process that"
                    + " stopped while starting this run; starting it afresh.");
            jobRepository.deleteJobInstance(instance);
        }
    }

    /** On SIGTERM: ask the running job to stop at its next commit, and wait for it, so it can be resumed. */
    private void stopRunningJob() {
        for (JobExecution running : jobRepository.findRunningJobExecutions(nightlyRun.getName())) {
            err.println("registry-trial-matcher: stop requested (SIGTERM); stopping execution " + running.getId() + " at its next commit.");
            try {
                jobOperator.stop(running);
            } catch (Exception e) {
                err.println("registry-trial-matcher: could not stop execution " + running.getId() + ": " + e.getClass().getSimpleName());
            }
        }
        try {
            jobEnded.await(STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final int STOP_WAIT_SECONDS = 110;

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already shutting down: the hook is running and waits for us
        }
    }

    private void report(RunArguments arguments, JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            try {
                compaction.compact();
            } catch (java.sql.SQLException e) {
                err.println("registry-trial-matcher: the run completed, but the embedded database could not be compacted: " + e.getMessage());
            }
            out.println("Run of " + arguments.runDate() + " for " + arguments.trial() + " completed: " + totals(Path.of(arguments.out()))
                    + "; outputs in " + arguments.out());
            out.println("Peak heap used: " + peakHeapMegabytes() + " MB");
            exitCode = EXIT_COMPLETED;
            return;
        }
        exitCode = EXIT_FAILED;
        err.println("registry-trial-matcher: the run of " + arguments.runDate() + " ended " + execution.getStatus()
                + " (execution " + execution.getId() + "). Start it again with the same arguments to resume where it stopped.");
        for (Throwable failure : execution.getAllFailureExceptions()) {
            if (failure instanceof org.springframework.batch.core.job.JobInterruptedException) continue; // the stop that was asked for
            Throwable cause = rootOfOurs(failure);
            if (cause instanceof ExportFileException || cause instanceof DefinitionException) {
                err.println("  " + cause.getMessage());
            } else {
                err.println("  internal error (please report): " + failure);
                failure.printStackTrace(err);
            }
        }
    }

    /** The highest heap use seen by {@link HeapWatcher} during the run, in MB. */
    static long peakHeapMegabytes() {
        return HeapWatcher.peakBytes() / (1024 * 1024);
    }

    private static Throwable rootOfOurs(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ExportFileException || c instanceof DefinitionException) return c;
        }
        return t;
    }

    private static String totals(Path outDir) {
        try {
            JsonNode manifest = JsonMapper.builder().build().readTree(Files.readString(outDir.resolve(RunManifestWriter.FILE_NAME)));
            JsonNode t = manifest.get("totals");
            StringBuilder s = new StringBuilder();
            for (String key : List.of("rows_read", "loaded", "rejected", "duplicates")) {
                if (!s.isEmpty()) s.append(", ");
                s.append(t.get(key).asLong()).append(' ').append(key.replace('_', ' '));
            }
            s.append(", ").append(manifest.get("patients").get("children").asLong()).append(" children");
            return s.toString();
        } catch (Exception e) {
            return "(no manifest to summarise)";
        }
    }

    public JobExecution lastExecution() {
        return lastExecution;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    static Map<Integer, String> exitCodes() {
        return Map.of(EXIT_COMPLETED, "completed", EXIT_FAILED, "failed", EXIT_USAGE, "usage", EXIT_ALREADY_RUNNING, "already running");
    }
}
