package org.registrytrialmatcher.benchmark;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.registrytrialmatcher.command.SoftwareVersion;
import org.registrytrialmatcher.synthetic.SyntheticExportGenerator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmark}: for each size, generates the synthetic exports, runs the whole job on them in
 * a child JVM (with the collector the README's run command uses), and prints per step rows,
 * seconds and rows per second (from the job repository), the run's wall time, peak heap and peak
 * resident memory, and how fast plain commons-csv parses the same lab files in a JVM of its own.
 * A command that prints figures, not a test.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, versionProvider = SoftwareVersion.class,
        description = {"Measures the whole job on synthetic exports of each size, in a child JVM.",
                "Prints per step rows, seconds and rows/s, the wall time, peak heap and peak resident memory."})
public final class BenchmarkCommand implements Callable<Integer> {
    static final java.util.Map<String, String> GC_FLAGS = java.util.Map.of("parallel", "-XX:+UseParallelGC", "g1", "-XX:+UseG1GC");

    @Option(names = "--sizes", paramLabel = "N", split = ",", splitSynopsisLabel = ",", description = "children per run, comma-separated (default: ${DEFAULT-VALUE})",
            defaultValue = "10000,100000")
    List<Integer> sizes;

    @Option(names = "--seed", paramLabel = "S", description = "the generator's seed (default: ${DEFAULT-VALUE})", defaultValue = "20261125")
    long seed;

    @Option(names = "--work", paramLabel = "DIR", description = "where exports are kept and reused, and runs write (default: ${DEFAULT-VALUE})",
            defaultValue = "target/benchmark")
    Path work;

    @Option(names = "--xmx", paramLabel = "SIZE", description = "the child JVM's heap (default: ${DEFAULT-VALUE})", defaultValue = "512m")
    String xmx;

    @Option(names = "--gc", paramLabel = "parallel|g1", description = "the child JVM's collector (default: ${DEFAULT-VALUE})", defaultValue = "parallel")
    String gc;

    @Option(names = "--postgres", paramLabel = "JDBC_URL", description = "run on this PostgreSQL, in a schema of its own (default: embedded HSQLDB)")
    String postgres;

    @Option(names = "--keep", description = "keep each run's database (dropped once measured by default)")
    boolean keep;

    @Option(names = "--cohort-dense", description = "exports where every child is in one of the trial's cohorts")
    boolean cohortDense;

    @Option(names = "--raw-parse", hidden = true, description = "internal: parse an export folder's lab files and print the figures")
    Path rawParseOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rawParseOnly != null) {
            RawParse raw = rawParse(rawParseOnly);
            System.out.printf(Locale.ROOT, "raw-parse %d %.6f%n", raw.rows(), raw.seconds());
            return 0;
        }
        if (!GC_FLAGS.containsKey(gc)) throw new CommandLine.ParameterException(spec.commandLine(), "--gc must be parallel or g1 (got '" + gc + "')");
        LocalDate runDate = LocalDate.of(2026, 11, 25);
        Path jar = Path.of(BenchmarkCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI().getSchemeSpecificPart()
                .replaceFirst("^nested:", "").replaceFirst("/!BOOT-INF/classes/!/?$", "").replaceFirst("!/.*$", ""));
        System.out.printf(Locale.ROOT, "registry-trial-matcher benchmark: %d cores, child JVM -Xmx%s %s, database %s%n",
                Runtime.getRuntime().availableProcessors(), xmx, GC_FLAGS.get(gc), postgres == null ? "embedded HSQLDB" : postgres);
        for (int children : sizes) {
            Path exports = work.resolve("exports-" + children + "-" + seed + (cohortDense ? "-cohort-dense" : ""));
            String notReusable = Files.isDirectory(exports) ? notGeneratedFor(exports, children, seed, runDate, cohortDense) : null;
            if (notReusable != null) {
                System.err.println("benchmark: " + exports + " " + notReusable + "; remove it or name another --work");
                return 2;
            }
            if (!Files.isDirectory(exports)) {
                long g = System.nanoTime();
                generateWhole(exports, children, seed, runDate, cohortDense);
                System.out.printf(Locale.ROOT, "%n[%d children] generated in %.1f s%n", children, (System.nanoTime() - g) / 1e9);
            } else {
                System.out.printf(Locale.ROOT, "%n[%d children] reusing %s%n", children, exports);
            }
            RawParse raw = rawParseInChildJvm(jar, xmx, GC_FLAGS.get(gc), exports);
            Path runDir = work.resolve("run-" + children + "-" + System.currentTimeMillis());
            Files.createDirectories(runDir);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx, GC_FLAGS.get(gc),
                    "-jar", jar.toString(), "--trial=jobs/rd06-05", "--run-date=" + runDate, "--out=" + runDir.resolve("out"),
                    "--source=rheum:" + exports.resolve("rheum"), "--source=nephro:" + exports.resolve("nephro"), "--rtm.progress-interval-seconds=30"));
            String url;
            if (postgres == null) {
                command.add("--rtm.db-dir=" + runDir.resolve("db"));
                url = "jdbc:hsqldb:file:" + runDir.resolve("db/rtm") + ";shutdown=true";
            } else {
                String schema = "rtm_bench_" + System.currentTimeMillis();
                try (Connection c = DriverManager.getConnection(postgres, "postgres", ""); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + schema);
                }
                url = postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&reWriteBatchedInserts=true";
                command.add("--spring.datasource.url=" + url);
                command.add("--spring.datasource.username=postgres");
                command.add("--spring.datasource.password=");
            }
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(runDir.resolve("run.log").toFile()).start();
            long peakRssKb = 0;
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) peakRssKb = Math.max(peakRssKb, highWaterMarkKb(p.pid()));
            double wall = (System.nanoTime() - start) / 1e9;
            String log = Files.readString(runDir.resolve("run.log"), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                System.out.println("  run FAILED (exit " + p.exitValue() + "), see " + runDir.resolve("run.log"));
                return 1;
            }
            String peakHeap = log.lines().filter(l -> l.startsWith("Peak heap used:")).findFirst().orElse("Peak heap used: ?");
            System.out.printf(Locale.ROOT, "  %-44s %12s %9s %12s%n", "step", "rows", "seconds", "rows/s");
            double labRows = 0;
            double ingestSeconds = 0;
            try (Connection c = DriverManager.getConnection(url, postgres == null ? "SA" : "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT step_name, read_count, start_time, end_time FROM batch_step_execution ORDER BY step_execution_id")) {
                while (rs.next()) {
                    String step = rs.getString(1);
                    long rows = rs.getLong(2);
                    double seconds = seconds(rs.getTimestamp(3), rs.getTimestamp(4));
                    if (step.endsWith(":labs")) labRows += rows;
                    if (step.equals("ingestPatients") || step.equals("ingestFacts")) ingestSeconds += seconds;
                    System.out.printf(Locale.ROOT, "  %-44s %12d %9.1f %12s%n", step, rows, seconds,
                            rows == 0 || seconds == 0 ? "-" : String.format(Locale.ROOT, "%.0f", rows / seconds));
                }
            }
            double pipelineLabRate = labRows / ingestSeconds;
            System.out.printf(Locale.ROOT, "  whole run: %.1f s wall, %s, peak resident %d MB%n", wall, peakHeap.toLowerCase(Locale.ROOT), peakRssKb / 1024);
            System.out.printf(Locale.ROOT, "  plain commons-csv on the same lab files: %d rows in %.2f s = %.0f rows/s%n", raw.rows(), raw.seconds(), raw.rate());
            System.out.printf(Locale.ROOT, "  pipeline lab rows/s during ingest (all lab rows / wall time of the two ingest steps): %.0f = %.2f of the raw parse rate%n",
                    pipelineLabRate, pipelineLabRate / raw.rate());
            long afterRun = databaseBytes(runDir, postgres, url);
            if (!secondNight(command, runDate, runDir)) return 1;
            long afterSecondNight = databaseBytes(runDir, postgres, url);
            System.out.printf(Locale.ROOT, "  database on disk: %.1f MB after the run, %.1f MB after a second night on the same database"
                    + " (retention at its defaults)%n", afterRun / 1e6, afterSecondNight / 1e6);
            if (!keep) discardDatabase(runDir, postgres, url);
        }
        return 0;
    }

    /**
     * Generates the exports into a folder beside {@code exports} and renames it to {@code exports}
     * once complete, so that only complete exports are ever reused: a benchmark stopped while
     * generating (a million children take minutes) left a folder of cut-off files that the next
     * invocation took for the exports and ran on. A folder left by such a stop is generated again.
     */
    static void generateWhole(Path exports, int children, long seed, LocalDate runDate) throws IOException {
        generateWhole(exports, children, seed, runDate, false);
    }

    static void generateWhole(Path exports, int children, long seed, LocalDate runDate, boolean cohortDense) throws IOException {
        Path partial = exports.resolveSibling(exports.getFileName() + ".partial");
        deleteTree(partial);
        new SyntheticExportGenerator(seed, runDate, 0.02, cohortDense).generate(children, partial);
        Files.writeString(partial.resolve(GENERATED), generatedFor(children, seed, runDate, cohortDense), StandardCharsets.UTF_8);
        Files.move(partial, exports, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Written into exports the benchmark generated, beside the two sources' folders: what they were generated for. */
    static final String GENERATED = "benchmark-exports.txt";

    private static String generatedFor(int children, long seed, LocalDate runDate, boolean cohortDense) {
        return "children=" + children + "\nseed=" + seed + "\nrun-date=" + runDate + "\n" + (cohortDense ? "cohort-dense=true\n" : "");
    }

    /**
     * Why the folder found under the exports' name cannot be measured, or null if it can: exports
     * written by {@code generate} into the same folder (run date today's, not the benchmark's) had
     * a run measured on rows dated after its run date, every one of them rejected.
     */
    static String notGeneratedFor(Path exports, int children, long seed, LocalDate runDate) throws IOException {
        return notGeneratedFor(exports, children, seed, runDate, false);
    }

    static String notGeneratedFor(Path exports, int children, long seed, LocalDate runDate, boolean cohortDense) throws IOException {
        Path marker = exports.resolve(GENERATED);
        if (!Files.isRegularFile(marker)) return "holds no " + GENERATED + " (not generated by the benchmark)";
        String found = Files.readString(marker, StandardCharsets.UTF_8);
        String wanted = generatedFor(children, seed, runDate, cohortDense);
        return found.equals(wanted) ? null : "was generated for " + found.strip().replace('\n', ' ') + ", not " + wanted.strip().replace('\n', ' ');
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /**
     * Runs the same exports again as the next night (the run date a day later) on the same
     * database, so that retention has a previous night to prune; whether it completed.
     */
    private static boolean secondNight(List<String> firstNight, LocalDate runDate, Path runDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        for (String arg : firstNight) {
            if (arg.startsWith("--run-date=")) arg = "--run-date=" + runDate.plusDays(1);
            if (arg.startsWith("--out=")) arg = "--out=" + runDir.resolve("out-second-night");
            command.add(arg);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(runDir.resolve("second-night.log").toFile()).start();
        if (p.waitFor() != 0) {
            System.out.println("  second night FAILED (exit " + p.exitValue() + "), see " + runDir.resolve("second-night.log"));
            return false;
        }
        return true;
    }

    /** The database's size on disk: the embedded database's folder, or the PostgreSQL schema's tables with their indexes. */
    private static long databaseBytes(Path runDir, String postgres, String url) throws IOException, SQLException {
        if (postgres == null) {
            try (var files = Files.walk(runDir.resolve("db"))) {
                return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
        }
        String schema = url.replaceFirst(".*currentSchema=([A-Za-z0-9_]+).*", "$1");
        try (Connection c = DriverManager.getConnection(postgres, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "' AND c.relkind = 'r'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The run's database is gigabytes at national scale: dropped once measured, unless --keep. */
    private static void discardDatabase(Path runDir, String postgres, String url) throws IOException, SQLException {
        if (postgres == null) {
            deleteTree(runDir.resolve("db"));
        } else {
            String schema = url.replaceFirst(".*currentSchema=([A-Za-z0-9_]+).*", "$1");
            try (Connection c = DriverManager.getConnection(postgres, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    record RawParse(long rows, double seconds) {
        double rate() {
            return rows / seconds;
        }
    }

    /**
     * {@link #rawParse} in a JVM of its own, started as the pipeline's is (same heap and collector):
     * in this JVM, after the generator had run in it, the JIT compiler would have seen other code first.
     */
    static RawParse rawParseInChildJvm(Path jar, String xmx, String gcFlag, Path exports) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx, gcFlag,
                "-jar", jar.toString(), "benchmark", "--raw-parse=" + exports).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("the raw commons-csv parse failed: " + output.strip());
        for (String line : output.lines().toList()) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("raw-parse")) return new RawParse(Long.parseLong(parts[1]), Double.parseDouble(parts[2]));
        }
        throw new IOException("the raw commons-csv parse printed no figures: " + output.strip());
    }

    /** Parses both lab files with plain commons-csv in their dialects, touching every field; best of three. */
    static RawParse rawParse(Path exports) throws IOException {
        double best = Double.MAX_VALUE;
        long rows = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            long start = System.nanoTime();
            rows = count(exports.resolve("rheum/labs.csv"), ',') + count(exports.resolve("nephro/lab_results.csv"), ';');
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return new RawParse(rows, best);
    }

    private static long count(Path file, char delimiter) throws IOException {
        long rows = 0;
        long chars = 0;
        CSVFormat format = CSVFormat.Builder.create(CSVFormat.RFC4180).setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get();
        // decoded as the pipeline decodes: bytes that are not UTF-8 are replaced, not fatal
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE).onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (Reader r = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder), 1 << 16); CSVParser parser = CSVParser.builder().setReader(r).setFormat(format).get()) {
            for (CSVRecord record : parser) {
                for (String v : record) chars += v.length();
                rows++;
            }
        }
        return chars >= 0 ? rows : -1;
    }

    private static double seconds(Timestamp start, Timestamp end) {
        if (start == null || end == null) return 0;
        return Duration.between(start.toInstant(), end.toInstant()).toMillis() / 1000.0;
    }

    private static long highWaterMarkKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two looks
        }
        return 0;
    }
}
