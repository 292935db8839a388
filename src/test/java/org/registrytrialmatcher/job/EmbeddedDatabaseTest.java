package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.run.EmbeddedDatabaseLock;
import org.registrytrialmatcher.run.EmbeddedDatabaseUrl;
import org.registrytrialmatcher.run.NightlyRunCommand;

/**
 * The embedded database a run is given by {@code --spring.datasource.url=jdbc:hsqldb:file:...}:
 * the run lock is taken on that database, not on {@code --rtm.db-dir}, and its tables are
 * disk-backed (CACHED) although the URL names none of the pipeline's settings.
 */
class EmbeddedDatabaseTest {
    @TempDir
    Path work;

    @AfterEach
    void releaseTheLock() throws Exception {
        EmbeddedDatabaseLock.release();
    }

    @Test
    void theDatabaseIsTheOneTheUrlNames() {
        assertThat(EmbeddedDatabaseUrl.databasePath(new String[] {})).contains(Path.of("data/hsqldb/rtm"));
        assertThat(EmbeddedDatabaseUrl.databasePath(new String[] {"--rtm.db-dir=/srv/db"})).contains(Path.of("/srv/db/rtm"));
        assertThat(EmbeddedDatabaseUrl.databasePath(new String[] {"--rtm.db-dir=/srv/db", "--spring.datasource.url=jdbc:hsqldb:file:/other/db;shutdown=true"}))
                .contains(Path.of("/other/db"));
        assertThat(EmbeddedDatabaseUrl.databasePath(new String[] {"--spring.datasource.url=jdbc:postgresql://127.0.0.1/test"})).isEmpty();
        assertThat(EmbeddedDatabaseUrl.databasePath(new String[] {"--spring.datasource.url=jdbc:hsqldb:mem:x"})).isEmpty();
        assertThat(EmbeddedDatabaseLock.lockFile(Path.of("/other/db"))).isEqualTo(Path.of("/other/db-run.lock"));
    }

    @Test
    void aUrlGetsThePipelinesSettingsWhereItDoesNotNameThem() {
        assertThat(EmbeddedDatabaseUrl.withSettings("jdbc:hsqldb:file:/other/db")).isEqualTo("jdbc:hsqldb:file:/other/db;hsqldb.default_table_type=cached"
                + ";hsqldb.tx=mvcc;hsqldb.write_delay=false;hsqldb.log_size=1000;hsqldb.result_max_memory_rows=20000;shutdown=true");
        assertThat(EmbeddedDatabaseUrl.withSettings("jdbc:hsqldb:file:/other/db;hsqldb.log_size=50;shutdown=true")).isEqualTo("jdbc:hsqldb:file:/other/db"
                + ";hsqldb.log_size=50;shutdown=true;hsqldb.default_table_type=cached;hsqldb.tx=mvcc;hsqldb.write_delay=false"
                + ";hsqldb.result_max_memory_rows=20000");
        assertThat(EmbeddedDatabaseUrl.withSettings("jdbc:postgresql://127.0.0.1/test")).isEqualTo("jdbc:postgresql://127.0.0.1/test");
    }

    /**
     * A run holds the lock of database A. A second run on A is refused; a run on database B (with
     * the same --rtm.db-dir) is not, and leaves B with disk-backed tables only.
     */
    @Test
    void theLockIsTheDatabasesAndItsTablesAreCached() throws Exception {
        Path a = work.resolve("a/db");
        Path b = work.resolve("b/db");
        String dbDir = "--rtm.db-dir=" + work.resolve("default");
        assertThat(EmbeddedDatabaseLock.tryAcquire(new String[] {dbDir, "--spring.datasource.url=jdbc:hsqldb:file:" + a})).isTrue();

        ChildRun onA = ChildRun.start(args(a, dbDir, work.resolve("out-a")), work.resolve("a.log"));
        assertThat(onA.await()).as(onA.log()).isEqualTo(NightlyRunCommand.EXIT_ALREADY_RUNNING);
        assertThat(onA.log()).contains("another run is in progress against this database (" + a + ")");

        ChildRun onB = ChildRun.start(args(b, dbDir, work.resolve("out-b")), work.resolve("b.log"));
        assertThat(onB.await()).as(onB.log()).isZero();

        List<String> notCached = new ArrayList<>();
        int tables = 0;
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + b + ";shutdown=true;ifexists=true", "SA", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_NAME, HSQLDB_TYPE FROM INFORMATION_SCHEMA.SYSTEM_TABLES WHERE TABLE_SCHEM = 'PUBLIC'")) {
            while (rs.next()) {
                tables++;
                if (!"CACHED".equals(rs.getString(2))) notCached.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        assertThat(tables).as("the pipeline's and Spring Batch's tables").isGreaterThan(10);
        assertThat(notCached).isEmpty();
    }

    private static List<String> args(Path database, String dbDir, Path out) {
        return List.of("--spring.datasource.url=jdbc:hsqldb:file:" + database, dbDir, "--trial=jobs/rd06-05", "--run-date=2026-11-25",
                "--out=" + out, "--source=rheum:sample-data/rheum", "--source=nephro:sample-data/nephro", "--logging.level.root=WARN");
    }

    /** The embedded database holds patient data: its folder 0700 and every file in it 0600 after a run, though the umask is 022. */
    @Test
    void theDatabaseFolderAndFilesAreOwnerOnlyWhateverTheUmask() throws Exception {
        Path db = work.resolve("owner-only/db");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "umask 022; exec " + javaBin + " -cp " + System.getProperty("java.class.path")
                + " org.registrytrialmatcher.RegistryTrialMatcherApplication --rtm.db-dir=" + db + " --trial=jobs/rd06-05 --run-date=2026-11-25"
                + " --out=" + work.resolve("out-owner-only") + " --logging.level.root=WARN";
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).redirectOutput(work.resolve("owner-only.log").toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("owner-only.log"))).isZero();
        assertThat(Files.getPosixFilePermissions(db)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        List<String> open = new ArrayList<>();
        try (var paths = Files.walk(db)) {
            for (Path f : paths.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                String wanted = Files.isDirectory(f) ? "rwx------" : "rw-------";
                if (!mode.equals(wanted)) open.add(db.relativize(f) + " " + mode);
            }
        }
        assertThat(open).isEmpty();
        assertThat(db.resolve("rtm.script")).exists();
    }
}
