package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jobs/schedule/nightly-run.sh: today's run into a dated folder, a non-zero exit when the run fails, and the nights kept. */
class NightlyScheduleScriptTest {
    @TempDir
    Path work;

    private int runScript(Path exports, Path out) throws Exception {
        return runScript(exports, out, Map.of());
    }

    private int runScript(Path exports, Path out, Map<String, String> settings) throws Exception {
        String launch = "java -cp " + System.getProperty("java.class.path") + " org.registrytrialmatcher.RegistryTrialMatcherApplication"
                + " --rtm.db-dir=" + work.resolve("db") + " --logging.level.root=WARN";
        ProcessBuilder pb = new ProcessBuilder("bash", "jobs/schedule/nightly-run.sh").redirectErrorStream(true)
                .redirectOutput(work.resolve("script.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("RTM_HOME", Path.of("").toAbsolutePath().toString());
        env.put("RTM_EXPORTS", exports.toString());
        env.put("RTM_OUT", out.toString());
        env.put("RTM_LAUNCH", launch);
        env.putAll(settings);
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void runsTonightIntoADatedFolder() throws Exception {
        Path out = work.resolve("referrals");
        assertThat(runScript(Path.of("sample-data").toAbsolutePath(), out)).as(Files.readString(work.resolve("script.log"))).isZero();
        assertThat(out.resolve(LocalDate.now().toString()).resolve("run-manifest.json")).exists();
        assertThat(out.resolve(LocalDate.now().toString()).resolve("report.html")).exists();
    }

    @Test
    void exitsNonZeroWhenTheRunFails() throws Exception {
        Path exports = work.resolve("exports");
        NightlyRun.copyTree(Path.of("sample-data"), exports);
        Files.delete(exports.resolve("rheum/labs.csv"));
        assertThat(runScript(exports, work.resolve("referrals"))).isEqualTo(1);
        assertThat(Files.readString(work.resolve("script.log"))).contains("rheum: labs.csv: file not found");
    }

    /** KEEP_NIGHTS: after a completed run, the newest dated output folders are kept, and nothing else is touched. */
    @Test
    void keepsTheNewestNightsAfterACompletedRun() throws Exception {
        Path out = work.resolve("referrals");
        for (String night : List.of("2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04")) Files.createDirectories(out.resolve(night));
        Files.createDirectories(out.resolve("notes"));
        Files.writeString(out.resolve("2020-01-05"), "a file, not a night's folder");
        assertThat(runScript(Path.of("sample-data").toAbsolutePath(), out, Map.of("KEEP_NIGHTS", "3")))
                .as(Files.readString(work.resolve("script.log"))).isZero();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("2020-01-03", "2020-01-04", "2020-01-05", LocalDate.now().toString(), "notes");
        }
    }

    @Test
    void aFailedRunDeletesNoNight() throws Exception {
        Path exports = work.resolve("exports");
        NightlyRun.copyTree(Path.of("sample-data"), exports);
        Files.delete(exports.resolve("rheum/labs.csv"));
        Path out = work.resolve("referrals");
        for (String night : List.of("2020-01-01", "2020-01-02")) Files.createDirectories(out.resolve(night));
        assertThat(runScript(exports, out, Map.of("KEEP_NIGHTS", "1"))).isEqualTo(1);
        assertThat(out.resolve("2020-01-01")).isDirectory();
        assertThat(out.resolve("2020-01-02")).isDirectory();
    }

    @Test
    void refusesAKeepNightsThatIsNoCount() throws Exception {
        assertThat(runScript(Path.of("sample-data").toAbsolutePath(), work.resolve("referrals"), Map.of("KEEP_NIGHTS", "all"))).isEqualTo(2);
        assertThat(Files.readString(work.resolve("script.log"))).contains("KEEP_NIGHTS must be a whole number of 1 or more (got 'all')");
        assertThat(work.resolve("referrals")).doesNotExist();
    }
}
