package org.registrytrialmatcher.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.registrytrialmatcher.RegistryTrialMatcherApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the application as the command line does, in this JVM, and keeps what it printed and
 * its exit code. Tests use it to drive whole runs on real files and a real database.
 */
public final class NightlyRun {
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private NightlyRun() {
    }

    public static Result run(List<String> args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(out, originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, originalErr), true, StandardCharsets.UTF_8));
        int exit;
        try {
            ConfigurableApplicationContext context = SpringApplication.run(RegistryTrialMatcherApplication.class, args.toArray(String[]::new));
            exit = SpringApplication.exit(context);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Arguments of a run on the given sources, with its own HSQLDB in {@code work}. */
    public static List<String> hsqldbArgs(Path work, Path out, String... sources) {
        List<String> args = new ArrayList<>(List.of("--trial=jobs/rd06-05", "--run-date=2026-11-25", "--out=" + out,
                "--rtm.db-dir=" + work.resolve("db"), "--logging.level.root=WARN"));
        for (String s : sources) args.add("--source=" + s);
        return args;
    }

    public static JsonNode manifest(Path out) throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(out.resolve("run-manifest.json")));
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
