package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jobs/schedule/nightly-run.sh: today's run into a dated folder, and a non-zero exit when the run fails. */
class NightlyScheduleScriptTest {
    @TempDir
    Path work;

    private int runScript(Path exports, Path out) throws Exception {
        String launch = "java -cp " + System.getProperty("java.class.path") + " org.registrytrialmatcher.RegistryTrialMatcherApplication"
                + " --rtm.db-dir=" + work.resolve("db") + " --logging.level.root=WARN";
        ProcessBuilder pb = new ProcessBuilder("bash", "jobs/schedule/nightly-run.sh").redirectErrorStream(true)
                .redirectOutput(work.resolve("script.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("RTM_HOME", Path.of("").toAbsolutePath().toString());
        env.put("RTM_EXPORTS", exports.toString());
        env.put("RTM_OUT", out.toString());
        env.put("RTM_LAUNCH", launch);
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
}
