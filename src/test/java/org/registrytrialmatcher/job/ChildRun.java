package org.registrytrialmatcher.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application in a child JVM (-Xmx512m), as the nightly scheduler starts it, so that a
 * test can kill it for real (SIGKILL or SIGTERM) and start it again.
 */
final class ChildRun {
    private final Process process;
    private final Path log;

    private ChildRun(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildRun start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "org.registrytrialmatcher.RegistryTrialMatcherApplication"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildRun(p, log);
    }

    /** Waits until the log shows {@code marker}; false if the process ended first or the time ran out. */
    boolean awaitLog(String marker, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (log().contains(marker)) return true;
            if (!process.isAlive()) return log().contains(marker);
            Thread.sleep(20);
        }
        return false;
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for the process to end. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(150, TimeUnit.SECONDS)) throw new IllegalStateException("did not stop within 150 s after SIGTERM");
        return process.exitValue();
    }

    /** SIGSTOP: the process stays alive, holding its locks and connections, but does nothing until {@link #resume()}. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill " + signal + " failed");
    }

    int await() throws InterruptedException {
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the run did not finish within 600 s");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
