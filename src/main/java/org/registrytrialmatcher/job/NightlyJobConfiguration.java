package org.registrytrialmatcher.job;

import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.evaluate.CohortEvaluator;
import org.registrytrialmatcher.evaluate.EvaluationWriter;
import org.registrytrialmatcher.evaluate.ChildRangePartitioner;
import org.registrytrialmatcher.evaluate.PatientEvaluation;
import org.registrytrialmatcher.evaluate.PatientEvaluator;
import org.registrytrialmatcher.evaluate.StagedPatient;
import org.registrytrialmatcher.evaluate.PatientFactsReader;
import org.registrytrialmatcher.ingest.ExportFileReader;
import org.registrytrialmatcher.ingest.IngestPartitioner;
import org.registrytrialmatcher.ingest.LoadedPatientTables;
import org.registrytrialmatcher.ingest.IngestedFileCounter;
import org.registrytrialmatcher.ingest.InputFileCheck;
import org.registrytrialmatcher.ingest.ParsedRow;
import org.registrytrialmatcher.ingest.ExportRow;
import org.registrytrialmatcher.ingest.RowParser;
import org.registrytrialmatcher.ingest.StagingWriter;
import org.registrytrialmatcher.linking.LinkDecision;
import org.registrytrialmatcher.linking.LinkageDecider;
import org.registrytrialmatcher.linking.LinkageGroup;
import org.registrytrialmatcher.linking.LinkageGroupReader;
import org.registrytrialmatcher.linking.PatientLinkWriter;
import org.registrytrialmatcher.output.CandidateListWriter;
import org.registrytrialmatcher.output.CandidateRanking;
import org.registrytrialmatcher.output.ListedResultReader;
import org.registrytrialmatcher.output.RankedResult;
import org.registrytrialmatcher.output.OutputFolder;
import org.registrytrialmatcher.output.OwnerOnlyFileWriter;
import org.registrytrialmatcher.output.RationaleReader;
import org.registrytrialmatcher.output.RationaleRecord;
import org.registrytrialmatcher.output.ReportWriter;
import org.registrytrialmatcher.output.RejectedRow;
import org.registrytrialmatcher.output.RejectedRowReader;
import org.registrytrialmatcher.output.RunManifestWriter;
import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.run.RunPlanFactory;
import org.registrytrialmatcher.run.SourceExport;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.retention.RunRetention;
import org.registrytrialmatcher.run.RunParameters;
import org.registrytrialmatcher.staging.PacketSegments;
import org.registrytrialmatcher.staging.StagedRowChecks;
import org.registrytrialmatcher.staging.StagingTable;
import org.registrytrialmatcher.staging.TableStatistics;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.PartitionStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly job: check the inputs, ingest every export file (one partition per file; the
 * patient files first),
 * run the cross-row checks, link children across registries, then write rejected.csv and
 * run-manifest.json. Every step is restartable; a failed run resumes from its last commit.
 */
@Configuration
public class NightlyJobConfiguration {
    public static final String JOB_NAME = "nightlyRun";
    private static final StepLogger STEP_LOGGER = new StepLogger();

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final RunPlanFactory plans;
    private final JdbcTemplate jdbc;
    /** On the embedded HSQLDB file database, where fact packets go; null on any other database (they stay in their rows). */
    private final PacketSegments packetSegments;

    public NightlyJobConfiguration(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                   RunPlanFactory plans, DataSource dataSource, @Value("${spring.datasource.url:}") String databaseUrl) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.plans = plans;
        this.jdbc = new JdbcTemplate(dataSource);
        this.packetSegments = PacketSegments.besideDatabase(databaseUrl);
    }

    @Bean
    static UcumUnits ucumUnits() {
        return new UcumUnits();
    }

    @Bean
    Job nightlyRun(Step checkInputs, Step ingestPatients, Step ingestFacts, Step checkStagedRows, Step linkPatients, Step evaluatePatients, Step rankCandidates,
                   Step writeCandidateLists, Step writeRationale, Step writeRejected, Step writeReport, Step writeManifest, Step pruneOldRuns) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(checkInputs)
                .next(ingestPatients)
                .next(ingestFacts)
                .next(checkStagedRows)
                .next(linkPatients)
                .next(evaluatePatients)
                .next(rankCandidates)
                .next(writeCandidateLists)
                .next(writeRationale)
                .next(writeRejected)
                .next(writeReport)
                .next(writeManifest)
                .next(pruneOldRuns)
                .build();
    }

    // ---- steps -------------------------------------------------------------------------

    @Bean
    Step checkInputs(InputFileCheck inputFileCheck) {
        return new StepBuilder("checkInputs", jobRepository).tasklet(inputFileCheck, transactionManager).listener(STEP_LOGGER)
                .allowStartIfComplete(true)
                .build();
    }

    /** The patient files, one partition each. */
    @Bean
    Step ingestPatients(Step ingestFile, IngestPartitioner patientFilePartitioner, @Value("${rtm.ingest.threads:2}") int threads) {
        return ingestStep("ingestPatients", ingestFile, patientFilePartitioner, threads).listener(new StepExecutionListener() {
            @Override
            public ExitStatus afterStep(StepExecution stepExecution) {
                TableStatistics.refresh(jdbc, StagingTable.PATIENTS.tableName()); // each fact chunk looks its patients up there
                return null;
            }
        }).build();
    }

    /** The fact files, one partition each, once every patient file is staged (a fact row of an unknown patient is rejected). */
    @Bean
    Step ingestFacts(Step ingestFile, IngestPartitioner factFilePartitioner, @Value("${rtm.ingest.threads:2}") int threads) {
        return ingestStep("ingestFacts", ingestFile, factFilePartitioner, threads).build();
    }

    private PartitionStepBuilder ingestStep(String name, Step ingestFile, IngestPartitioner partitioner, int threads) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(name + "-");
        executor.setConcurrencyLimit(threads);
        return new StepBuilder(name, jobRepository)
                .listener(STEP_LOGGER)
                .partitioner("ingestFile", partitioner)
                .splitter(new RestartSafeSplitter(jobRepository, "ingestFile", partitioner))
                .step(ingestFile)
                .taskExecutor(executor)
                .gridSize(threads);
    }

    @Bean
    Step ingestFile(ExportFileReader exportFileReader, RowParser rowParser, StagingWriter stagingWriter,
                    IngestedFileCounter ingestedFileCounter, ProgressLogger progressLogger, @Value("${rtm.chunk-size:10000}") int chunkSize) {
        StepScopedParts<ExportRow, ParsedRow> parts = new StepScopedParts<>(exportFileReader, rowParser, stagingWriter);
        int blockSize = RowBlocks.blockSize(chunkSize);
        return new StepBuilder("ingestFile", jobRepository)
                .<List<ExportRow>, List<ParsedRow>>chunk(chunkSize / blockSize) // blocks of rows: chunkSize rows a chunk
                .listener(new RowBlocks.Counts()) // the first chunk listener, so that its afterChunk runs last
                .listener(parts)
                .reader(RowBlocks.reader(parts.reader(), blockSize))
                .processor(RowBlocks.processor(parts.processor()))
                .writer(RowBlocks.writer(parts.writer()))
                .listener(ingestedFileCounter)
                .listener(progressLogger)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    Step checkStagedRows(StagedRowChecks stagedRowChecks) {
        return new StepBuilder("checkStagedRows", jobRepository).tasklet(stagedRowChecks, transactionManager).listener(STEP_LOGGER).build();
    }

    @Bean
    Step linkPatients(LinkageGroupReader linkageGroupReader, PatientLinkWriter patientLinkWriter, ProgressLogger progressLogger,
                      @Value("${rtm.linking.chunk-size:2000}") int chunkSize) {
        StepScopedParts<LinkageGroup, LinkDecision> parts = new StepScopedParts<>(linkageGroupReader, new LinkageDecider(), patientLinkWriter);
        return new StepBuilder("linkPatients", jobRepository)
                .<LinkageGroup, LinkDecision>chunk(chunkSize)
                .listener(STEP_LOGGER)
                .listener(parts)
                .reader(parts.reader())
                .processor(parts.processor())
                .writer(parts.writer())
                .listener(progressLogger)
                .listener(new StepExecutionListener() {
                    @Override
                    public ExitStatus afterStep(StepExecution stepExecution) {
                        TableStatistics.refresh(jdbc, "patient_link", "child");
                        return null;
                    }
                })
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    Step evaluatePatients(Step evaluateChildren, ChildRangePartitioner childRangePartitioner,
                          @Value("${rtm.evaluation.threads:2}") int threads, @Value("${rtm.evaluation.partitions:8}") int partitions) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("evaluate-");
        executor.setConcurrencyLimit(threads);
        return new StepBuilder("evaluatePatients", jobRepository)
                .listener(STEP_LOGGER)
                .partitioner("evaluateChildren", childRangePartitioner)
                .splitter(new RestartSafeSplitter(jobRepository, "evaluateChildren", childRangePartitioner))
                .step(evaluateChildren)
                .taskExecutor(executor)
                .gridSize(partitions)
                .build();
    }

    @Bean
    Step evaluateChildren(PatientFactsReader patientFactsReader, PatientEvaluator patientEvaluator, EvaluationWriter evaluationWriter,
                          ProgressLogger progressLogger, @Value("${rtm.evaluation.chunk-size:200}") int chunkSize) {
        StepScopedParts<StagedPatient, PatientEvaluation> parts = new StepScopedParts<>(patientFactsReader, patientEvaluator, evaluationWriter);
        return new StepBuilder("evaluateChildren", jobRepository)
                .<StagedPatient, PatientEvaluation>chunk(chunkSize)
                .listener(parts)
                .reader(parts.reader())
                .processor(parts.processor())
                .writer(parts.writer())
                .listener(progressLogger)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    Step writeRejected(RejectedRowReader rejectedRowReader, OwnerOnlyFileWriter<RejectedRow> rejectedCsvWriter,
                       @Value("${rtm.chunk-size:10000}") int chunkSize) {
        return new StepBuilder("writeRejected", jobRepository)
                .<RejectedRow, RejectedRow>chunk(chunkSize)
                .listener(STEP_LOGGER)
                .reader(rejectedRowReader)
                .writer(rejectedCsvWriter)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    Step rankCandidates(ListedResultReader listedResultReader, CandidateRanking candidateRanking, ProgressLogger progressLogger,
                        @Value("${rtm.ranking.chunk-size:2000}") int chunkSize) {
        return new StepBuilder("rankCandidates", jobRepository)
                .<RankedResult, RankedResult>chunk(chunkSize)
                .listener(STEP_LOGGER)
                .reader(listedResultReader)
                .writer(candidateRanking)
                .listener(progressLogger)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    Step writeCandidateLists(CandidateListWriter candidateListWriter) {
        return new StepBuilder("writeCandidateLists", jobRepository).tasklet(candidateListWriter, transactionManager).listener(STEP_LOGGER).build();
    }

    @Bean
    Step writeRationale(RationaleReader rationaleReader, OwnerOnlyFileWriter<RationaleRecord> rationaleWriter, ProgressLogger progressLogger,
                        @Value("${rtm.evaluation.chunk-size:200}") int chunkSize) {
        return new StepBuilder("writeRationale", jobRepository)
                .<RationaleRecord, RationaleRecord>chunk(chunkSize)
                .listener(STEP_LOGGER)
                .reader(rationaleReader)
                .writer(rationaleWriter)
                .listener(progressLogger)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    Step writeReport(ReportWriter reportWriter) {
        return new StepBuilder("writeReport", jobRepository).tasklet(reportWriter, transactionManager).listener(STEP_LOGGER).build();
    }

    @Bean
    Step writeManifest(RunManifestWriter runManifestWriter) {
        return new StepBuilder("writeManifest", jobRepository).tasklet(runManifestWriter, transactionManager).listener(STEP_LOGGER).build();
    }

    @Bean
    Step pruneOldRuns(RunRetention runRetention) {
        return new StepBuilder("pruneOldRuns", jobRepository).tasklet(runRetention, transactionManager).listener(STEP_LOGGER).build();
    }

    // ---- step-scoped parts -------------------------------------------------------------

    @Bean
    @StepScope
    RunRetention runRetention(@Value("#{stepExecution}") StepExecution stepExecution) {
        var parameters = stepExecution.getJobExecution().getJobParameters();
        Long keepStaging = parameters.getLong(RunParameters.KEEP_STAGING_RUNS);
        Long keepDays = parameters.getLong(RunParameters.KEEP_RESULTS_DAYS);
        return new RunRetention(jdbc, jobRepository, packetSegments, runId(stepExecution), RunParameters.runDate(parameters),
                keepStaging == null ? 1 : keepStaging.intValue(), keepDays == null ? 400 : keepDays.intValue());
    }

    @Bean
    @StepScope
    ProgressLogger progressLogger(@Value("${rtm.progress-interval-seconds:10}") int seconds) {
        return new ProgressLogger(java.time.Duration.ofSeconds(seconds));
    }

    @Bean
    @StepScope
    InputFileCheck inputFileCheck(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new InputFileCheck(jdbc, plan(stepExecution), runId(stepExecution));
    }

    @Bean
    @StepScope
    IngestPartitioner patientFilePartitioner(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new IngestPartitioner(plan(stepExecution), true);
    }

    @Bean
    @StepScope
    IngestPartitioner factFilePartitioner(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new IngestPartitioner(plan(stepExecution), false);
    }

    @Bean
    @StepScope
    ExportFileReader exportFileReader(@Value("#{stepExecution}") StepExecution stepExecution) {
        SourceExport source = partitionSource(stepExecution);
        RecordKind kind = partitionKind(stepExecution);
        String fileName = source.profile().file(kind).fileName();
        return new ExportFileReader(source.name(), source.profile(), source.profile().file(kind), source.directory().resolve(fileName));
    }

    @Bean
    @StepScope
    RowParser rowParser(@Value("#{stepExecution}") StepExecution stepExecution, ExportFileReader exportFileReader, UcumUnits ucum) {
        RunPlan plan = plan(stepExecution);
        SourceExport source = partitionSource(stepExecution);
        return new RowParser(partitionKind(stepExecution), source.profile(), exportFileReader, plan.runDate(), plan.catalogue(), ucum);
    }

    @Bean
    LoadedPatientTables loadedPatientTables() {
        return new LoadedPatientTables(jdbc);
    }

    @Bean
    @StepScope
    StagingWriter stagingWriter(@Value("#{stepExecution}") StepExecution stepExecution, LoadedPatientTables loadedPatientTables) {
        SourceExport source = partitionSource(stepExecution);
        RecordKind kind = partitionKind(stepExecution);
        StagingTable table = StagingTable.of(kind);
        long runId = runId(stepExecution);
        return new StagingWriter(jdbc, table, runId, source.name(), source.order(), source.profile().file(kind).fileName(), kind.ordinal(),
                table.packed() ? loadedPatientTables.of(stepExecution.getJobExecutionId(), runId, source.name(),
                        source.profile().file(RecordKind.PATIENTS).fileName()) : null,
                source.profile().file(RecordKind.PATIENTS).fileName(), packetSegments);
    }

    @Bean
    @StepScope
    IngestedFileCounter ingestedFileCounter(@Value("#{stepExecution}") StepExecution stepExecution, ExportFileReader exportFileReader,
                                            StagingWriter stagingWriter) {
        SourceExport source = partitionSource(stepExecution);
        return new IngestedFileCounter(jdbc, exportFileReader, stagingWriter, runId(stepExecution), source.name(),
                source.profile().file(partitionKind(stepExecution)).fileName());
    }

    @Bean
    @StepScope
    StagedRowChecks stagedRowChecks(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new StagedRowChecks(jdbc, plan(stepExecution), runId(stepExecution));
    }

    @Bean
    @StepScope
    LinkageGroupReader linkageGroupReader(@Value("#{stepExecution}") StepExecution stepExecution, DataSource dataSource) {
        return new LinkageGroupReader(dataSource, runId(stepExecution));
    }

    @Bean
    @StepScope
    PatientLinkWriter patientLinkWriter(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new PatientLinkWriter(jdbc, runId(stepExecution));
    }

    @Bean
    @StepScope
    PatientFactsReader patientFactsReader(@Value("#{stepExecution}") StepExecution stepExecution, DataSource dataSource) {
        RunPlan plan = plan(stepExecution);
        ExecutionContext range = stepExecution.getExecutionContext();
        return new PatientFactsReader(dataSource, runId(stepExecution), plan.runDate(), plan.sources(),
                range.getLong(ChildRangePartitioner.FIRST_CHILD), range.getLong(ChildRangePartitioner.LAST_CHILD), packetSegments);
    }

    @Bean
    @StepScope
    ChildRangePartitioner childRangePartitioner(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new ChildRangePartitioner(jdbc, runId(stepExecution));
    }

    @Bean
    @StepScope
    PatientEvaluator patientEvaluator(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new PatientEvaluator(new CohortEvaluator(plan(stepExecution).trial()));
    }

    @Bean
    @StepScope
    EvaluationWriter evaluationWriter(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new EvaluationWriter(jdbc, runId(stepExecution));
    }

    @Bean
    @StepScope
    RejectedRowReader rejectedRowReader(@Value("#{stepExecution}") StepExecution stepExecution, DataSource dataSource) {
        return new RejectedRowReader(dataSource, runId(stepExecution));
    }

    @Bean
    @StepScope
    OwnerOnlyFileWriter<RejectedRow> rejectedCsvWriter(@Value("#{stepExecution}") StepExecution stepExecution) {
        return OwnerOnlyFileWriter.of("rejectedCsvWriter", OutputFolder.prepare(plan(stepExecution).outDir()).resolve("rejected.csv"),
                "source,file,line,reason,raw", RejectedRow::toCsvLine);
    }

    @Bean
    @StepScope
    CandidateRanking candidateRanking(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new CandidateRanking(jdbc, plan(stepExecution), runId(stepExecution));
    }

    @Bean
    @StepScope
    ListedResultReader listedResultReader(@Value("#{stepExecution}") StepExecution stepExecution, DataSource dataSource) {
        return new ListedResultReader(dataSource, runId(stepExecution));
    }

    @Bean
    @StepScope
    CandidateListWriter candidateListWriter(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new CandidateListWriter(jdbc, plan(stepExecution), runId(stepExecution));
    }

    @Bean
    @StepScope
    RationaleReader rationaleReader(@Value("#{stepExecution}") StepExecution stepExecution, DataSource dataSource) {
        return new RationaleReader(dataSource, runId(stepExecution));
    }

    @Bean
    @StepScope
    OwnerOnlyFileWriter<RationaleRecord> rationaleWriter(@Value("#{stepExecution}") StepExecution stepExecution) {
        return OwnerOnlyFileWriter.of("rationaleWriter", OutputFolder.prepare(plan(stepExecution).outDir()).resolve("rationale.jsonl"),
                null, RationaleRecord::toJsonLine);
    }

    @Bean
    @StepScope
    ReportWriter reportWriter(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new ReportWriter(jdbc, plan(stepExecution), runId(stepExecution));
    }

    @Bean
    @StepScope
    RunManifestWriter runManifestWriter(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new RunManifestWriter(jdbc, plan(stepExecution), runId(stepExecution));
    }

    // ---- helpers -----------------------------------------------------------------------

    private RunPlan plan(StepExecution stepExecution) {
        return plans.plan(stepExecution.getJobParameters());
    }

    private static long runId(StepExecution stepExecution) {
        return stepExecution.getJobExecution().getJobInstance().getInstanceId();
    }

    private SourceExport partitionSource(StepExecution stepExecution) {
        String name = stepExecution.getExecutionContext().getString(IngestPartitioner.SOURCE);
        return plan(stepExecution).source(name).orElseThrow(() -> new IllegalStateException("no source " + name + " in this run"));
    }

    private static RecordKind partitionKind(StepExecution stepExecution) {
        return RecordKind.valueOf(stepExecution.getExecutionContext().getString(IngestPartitioner.KIND));
    }
}
