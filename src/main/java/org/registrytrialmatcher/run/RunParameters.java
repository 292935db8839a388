package org.registrytrialmatcher.run;

import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job parameters of a nightly run. All but the retention settings identify the run: the
 * same trial, sources, run date and output folder are the same run, restarted rather than
 * started again. None of them is patient data.
 */
public final class RunParameters {
    public static final String TRIAL = "trial";
    public static final String SOURCES = "sources";
    public static final String RUN_DATE = "runDate";
    public static final String OUT = "out";
    public static final String JOBS_DIR = "jobsDir";
    public static final String FRESH_RUN = "freshRun";
    public static final String KEEP_STAGING_RUNS = "keepStagingRuns";
    public static final String KEEP_RESULTS_DAYS = "keepResultsDays";
    static final String SOURCE_SEPARATOR = "|";

    private RunParameters() {
    }

    public static JobParameters of(RunArguments args) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString(TRIAL, args.trial())
                .addString(SOURCES, String.join(SOURCE_SEPARATOR, args.sources()))
                .addLocalDate(RUN_DATE, args.runDate())
                .addString(OUT, args.out())
                .addString(JOBS_DIR, args.jobsDir());
        if (args.freshRunStamp() != null) builder.addString(FRESH_RUN, args.freshRunStamp());
        builder.addLong(KEEP_STAGING_RUNS, (long) args.keepStagingRuns(), false);
        builder.addLong(KEEP_RESULTS_DAYS, (long) args.keepResultsDays(), false);
        return builder.toJobParameters();
    }

    public static List<String> sources(JobParameters parameters) {
        return List.of(parameters.getString(SOURCES).split("\\" + SOURCE_SEPARATOR));
    }

    public static LocalDate runDate(JobParameters parameters) {
        return parameters.getLocalDate(RUN_DATE);
    }
}
