package org.registrytrialmatcher.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.run.EmbeddedDatabaseLock;

/**
 * The command line as a user meets it: help, version and usage of every command, and every
 * mistake refused with exit 2 and the usage line, all before Spring starts or the database is
 * opened (the database folder named on the line is never created).
 */
class CommandLineTest {
    @TempDir
    Path work;

    record Answer(int exit, String out, String err) {
    }

    private Answer execute(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--rtm.db-dir=" + work.resolve("db"));
        all.add("--logging.level.root=WARN");
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = MatcherCommand.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Answer(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void noDatabaseOpened() {
        assertThat(work.resolve("db")).as("the database folder").doesNotExist();
    }

    @AfterEach
    void releaseTheLock() throws Exception {
        EmbeddedDatabaseLock.release();
    }

    @Test
    void helpListsEveryCommandWithRunAsTheDefault() {
        Answer a = execute("--help");
        assertThat(a.exit()).isZero();
        assertThat(a.out()).contains("Usage: registry-trial-matcher [-hV] [COMMAND]").contains("'run' is the default")
                .containsPattern("(?m)^  run ").containsPattern("(?m)^  generate ").containsPattern("(?m)^  benchmark ");
        noDatabaseOpened();
    }

    @Test
    void everyCommandAnswersVersion() {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"run", "--version"}, new String[] {"generate", "-V"},
                new String[] {"benchmark", "--version"})) {
            Answer a = execute(args);
            assertThat(a.exit()).as(String.join(" ", args)).isZero();
            assertThat(a.out()).as(String.join(" ", args)).startsWith("registry-trial-matcher ");
        }
        noDatabaseOpened();
    }

    @Test
    void everyCommandsUsageNamesItsOptions() {
        Answer run = execute("run", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: registry-trial-matcher run").contains("--trial=DIR", "--source=PROFILE:DIR", "--run-date=yyyy-MM-dd",
                "--out=DIR", "--jobs-dir=DIR", "--fresh-run", "--keep-staging-runs=N", "--keep-results-days=D", "--spring.datasource.url=",
                "--rtm.db-dir=DIR");
        Answer generate = execute("generate", "--help");
        assertThat(generate.exit()).isZero();
        assertThat(generate.out()).contains("Usage: registry-trial-matcher generate").contains("--children=N", "--seed=S", "--out=DIR",
                "--fault-rate=F", "--run-date=yyyy-MM-dd");
        Answer benchmark = execute("benchmark", "--help");
        assertThat(benchmark.exit()).isZero();
        assertThat(benchmark.out()).contains("Usage: registry-trial-matcher benchmark").contains("--sizes=N", "--work=DIR", "--postgres=JDBC_URL",
                "--keep", "--xmx=SIZE", "--gc=parallel|g1").doesNotContain("--raw-parse");
        noDatabaseOpened();
    }

    @Test
    void helpAmongRunOptionsIsTheRunsUsage() {
        Answer a = execute("--trial=jobs/rd06-05", "--run-date=2026-11-25", "--help");
        assertThat(a.exit()).isZero();
        assertThat(a.out()).contains("Usage: registry-trial-matcher run");
        noDatabaseOpened();
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsageLine() {
        Answer a = execute("--trail=jobs/rd06-05");
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.err()).contains("Unknown option: '--trail=jobs/rd06-05'").contains("--trial")
                .contains("Usage: registry-trial-matcher run [-hV]").contains("Try 'registry-trial-matcher run --help'");
        assertThat(execute("generate", "--children=5", "--colour=red", "--out=" + work.resolve("x")).err())
                .contains("Unknown option: '--colour=red'").contains("Usage: registry-trial-matcher generate");
        noDatabaseOpened();
    }

    @Test
    void anUnknownCommandIsRefusedWithTheUsageLine() {
        Answer a = execute("frobnicate");
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.err()).contains("Unmatched argument at index 0: 'frobnicate'").contains("Usage: registry-trial-matcher [-hV] [COMMAND]");
        noDatabaseOpened();
    }

    @Test
    void aBadValueIsRefusedWithTheUsageLine() {
        Answer date = execute("--run-date=2026-02-30");
        assertThat(date.exit()).isEqualTo(2);
        assertThat(date.err()).contains("Invalid value for option '--run-date': '2026-02-30' is not a date yyyy-MM-dd")
                .contains("Usage: registry-trial-matcher run");
        Answer children = execute("generate", "--children=many", "--out=" + work.resolve("x"));
        assertThat(children.exit()).isEqualTo(2);
        assertThat(children.err()).contains("'--children': 'many'").contains("Usage: registry-trial-matcher generate");
        assertThat(execute("generate", "--children=5").err()).contains("Missing required option: '--out=DIR'");
        Answer gc = execute("benchmark", "--gc=zgc");
        assertThat(gc.exit()).isEqualTo(2);
        assertThat(gc.err()).contains("--gc must be parallel or g1 (got 'zgc')").contains("Usage: registry-trial-matcher benchmark");
        Answer keep = execute("--keep-staging-runs=0");
        assertThat(keep.exit()).isEqualTo(2);
        assertThat(keep.err()).contains("--keep-staging-runs must be 1 or more (got 0)").contains("Usage: registry-trial-matcher run");
        assertThat(execute("--keep-results-days=forever").err()).contains("Invalid value for option '--keep-results-days': 'forever'");
        Answer source = execute("--source=rheum");
        assertThat(source.exit()).isEqualTo(2);
        assertThat(source.err()).contains("--source must be PROFILE:DIR");
        noDatabaseOpened();
    }

    @Test
    void aMissingFolderIsRefusedWithTheUsageLine() {
        Path nope = work.resolve("nope");
        Answer source = execute("--source=rheum:" + nope);
        assertThat(source.exit()).isEqualTo(2);
        assertThat(source.err()).contains("--source rheum: folder " + nope + " not found").contains("Usage: registry-trial-matcher run");
        Answer trial = execute("run", "--trial=" + nope);
        assertThat(trial.exit()).isEqualTo(2);
        assertThat(trial.err()).contains("--trial: folder " + nope + " not found");
        noDatabaseOpened();
    }

    @Test
    void withNoCommandItRunsAndSpringPropertiesPassThrough() throws Exception {
        Path out = work.resolve("out");
        Answer a = execute("--trial=jobs/rd06-05", "--run-date=2026-11-25", "--out=" + out, "--rtm.chunk-size=7");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).contains("Run of 2026-11-25 for jobs/rd06-05 completed");
        assertThat(out.resolve("candidates-sle-ln.csv")).exists();
        assertThat(work.resolve("db/rtm.script")).as("the database named by --rtm.db-dir").exists();
        assertThat(Files.readString(out.resolve("run-manifest.json"))).contains("\"run_date\" : \"2026-11-25\"");
    }
}
