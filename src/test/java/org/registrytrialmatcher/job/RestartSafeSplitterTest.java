package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A run killed while its partitioned step was being split, on a real JDBC job repository: the
 * restart gives each partition the context it needs, whatever state the crash left it in.
 */
class RestartSafeSplitterTest {
    private JobRepository repository;

    /** Three partitions, each context naming its file, as the ingest partitioner's do. */
    private final Partitioner partitioner = gridSize -> {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (String file : new String[] {"a", "b", "c"}) {
            ExecutionContext context = new ExecutionContext();
            context.putString("file", file);
            partitions.put("part-" + file, context);
        }
        return partitions;
    };

    @BeforeEach
    void repository() throws Exception {
        SimpleDriverDataSource ds = new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(), "jdbc:hsqldb:mem:splitter" + System.nanoTime(), "SA", "");
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-hsqldb.sql")).execute(ds);
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(ds);
        factory.setTransactionManager(new JdbcTransactionManager(ds));
        factory.afterPropertiesSet();
        repository = factory.getObject();
    }

    @Test
    void aPartitionKilledBeforeItsContextWasSavedGetsItsContextAgainOnRestart() throws Exception {
        JobParameters parameters = new JobParametersBuilder().addString("run", "2026-11-25").toJobParameters();
        JobInstance instance = repository.createJobInstance("nightly", parameters);
        JobExecution first = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution manager = repository.createStepExecution("work", first);
        new RestartSafeSplitter(repository, "work", partitioner).split(manager, 3);
        // the crash state: part-a completed, part-b failed after a committed chunk,
        // and (as a kill between createStepExecution and updateExecutionContext leaves it) part-c's context is gone
        for (StepExecution partition : first.getStepExecutions()) {
            if (partition.getStepName().equals("work:part-a")) finish(partition, BatchStatus.COMPLETED);
            if (partition.getStepName().equals("work:part-b")) {
                partition.getExecutionContext().putLong("records.emitted", 500);
                repository.updateExecutionContext(partition);
                finish(partition, BatchStatus.FAILED);
            }
            if (partition.getStepName().equals("work:part-c")) {
                partition.setExecutionContext(new ExecutionContext());
                repository.updateExecutionContext(partition);
                finish(partition, BatchStatus.FAILED);
            }
        }
        finish(manager, BatchStatus.FAILED);
        endJob(first);

        JobExecution restart = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution restartedManager = repository.createStepExecution("work", restart);
        restartedManager.setExecutionContext(new ExecutionContext(manager.getExecutionContext()));
        Set<StepExecution> split = new RestartSafeSplitter(repository, "work", partitioner).split(restartedManager, 3);

        Map<String, ExecutionContext> contexts = split.stream().collect(Collectors.toMap(StepExecution::getStepName, StepExecution::getExecutionContext));
        assertThat(contexts).containsOnlyKeys("work:part-b", "work:part-c");
        assertThat(contexts.get("work:part-b").getString("file")).isEqualTo("b");
        assertThat(contexts.get("work:part-b").getLong("records.emitted")).isEqualTo(500);
        assertThat(contexts.get("work:part-c").getString("file")).isEqualTo("c");
        assertThat(contexts.get("work:part-c").containsKey("records.emitted")).isFalse();
        // and the contexts handed out are saved, so a second crash right now leaves them in place
        assertThat(repository.getLastStepExecution(instance, "work:part-c").getExecutionContext().getString("file")).isEqualTo("c");
    }

    @Test
    void partitionsAreHandedOutInThePartitionersOrderWhichIsTheOrderTheyStartIn() throws Exception {
        JobParameters parameters = new JobParametersBuilder().addString("run", "2026-11-26").toJobParameters();
        JobInstance instance = repository.createJobInstance("nightly", parameters);
        JobExecution first = repository.createJobExecution(instance, parameters, new ExecutionContext());
        Partitioner reversed = gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (String file : new String[] {"z", "m", "a", "q", "b"}) partitions.put("part-" + file, new ExecutionContext());
            return partitions;
        };

        Set<StepExecution> split = new RestartSafeSplitter(repository, "work", reversed).split(repository.createStepExecution("work", first), 5);

        assertThat(split).extracting(StepExecution::getStepName).containsExactly("work:part-z", "work:part-m", "work:part-a", "work:part-q", "work:part-b");
    }

    @Test
    void aPartitionKilledInsideARestartsSplitResumesFromTheProgressItHadSaved() throws Exception {
        JobParameters parameters = new JobParametersBuilder().addString("run", "2026-11-27").toJobParameters();
        JobInstance instance = repository.createJobInstance("nightly", parameters);
        JobExecution first = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution manager = repository.createStepExecution("work", first);
        new RestartSafeSplitter(repository, "work", partitioner).split(manager, 3);
        // the first start: part-a and part-c completed, part-b failed after a committed chunk
        for (StepExecution partition : first.getStepExecutions()) {
            if (partition.getStepName().equals("work:part-b")) {
                partition.getExecutionContext().putLong("records.emitted", 500);
                repository.updateExecutionContext(partition);
                finish(partition, BatchStatus.FAILED);
            } else if (partition.getStepName().startsWith("work:")) {
                finish(partition, BatchStatus.COMPLETED);
            }
        }
        finish(manager, BatchStatus.FAILED);
        endJob(first);

        // the restart is killed inside its split: part-b's new execution exists, its context was never saved
        JobExecution second = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution secondManager = repository.createStepExecution("work", second);
        finish(repository.createStepExecution("work:part-b", second), BatchStatus.FAILED);
        finish(secondManager, BatchStatus.FAILED);
        endJob(second);
        assertThat(repository.getLastStepExecution(instance, "work:part-b").getExecutionContext().isEmpty()).isTrue();

        JobExecution third = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution thirdManager = repository.createStepExecution("work", third);
        thirdManager.setExecutionContext(new ExecutionContext(manager.getExecutionContext()));
        Set<StepExecution> split = new RestartSafeSplitter(repository, "work", partitioner).split(thirdManager, 3);

        assertThat(split).extracting(StepExecution::getStepName).containsExactly("work:part-b");
        ExecutionContext resumed = split.iterator().next().getExecutionContext();
        assertThat(resumed.getString("file")).isEqualTo("b");
        assertThat(resumed.getLong("records.emitted")).as("the committed chunk is not staged again").isEqualTo(500);
    }

    private void endJob(JobExecution execution) {
        execution.setStatus(BatchStatus.FAILED);
        execution.setEndTime(LocalDateTime.now());
        repository.update(execution);
    }

    @Test
    void aRestartSplitsIntoAsManyPartitionsAsTheFirstStartDid() throws Exception {
        JobParameters parameters = new JobParametersBuilder().addString("run", "2026-11-26").toJobParameters();
        JobInstance instance = repository.createJobInstance("nightly", parameters);
        JobExecution first = repository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution manager = repository.createStepExecution("work", first);
        int[] asked = new int[1];
        Partitioner counting = gridSize -> {
            asked[0] = gridSize;
            return partitioner.partition(gridSize);
        };
        new RestartSafeSplitter(repository, "work", counting).split(manager, 8);
        StepExecution restartedManager = repository.createStepExecution("work", repository.createJobExecution(instance, parameters, new ExecutionContext()));
        restartedManager.setExecutionContext(new ExecutionContext(manager.getExecutionContext()));
        new RestartSafeSplitter(repository, "work", counting).split(restartedManager, 4);
        assertThat(asked[0]).isEqualTo(8);
        // a restart killed before its manager step ended leaves the next one an empty manager context to copy
        StepExecution afterAKilledRestart = repository.createStepExecution("work", repository.createJobExecution(instance, parameters, new ExecutionContext()));
        asked[0] = 0;
        new RestartSafeSplitter(repository, "work", counting).split(afterAKilledRestart, 2);
        assertThat(asked[0]).isEqualTo(8);
    }

    private void finish(StepExecution execution, BatchStatus status) {
        execution.setStatus(status);
        execution.setEndTime(LocalDateTime.now());
        repository.update(execution);
    }
}
