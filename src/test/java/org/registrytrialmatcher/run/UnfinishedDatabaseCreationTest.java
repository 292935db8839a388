package org.registrytrialmatcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file sets are the ones a kill -9 left while the application was creating its database
 * (found by HsqldbCrashRecoveryTest's random kills, then reproduced by killing a first run 4.9 s
 * after its start): before the fix every later start failed on "rtm.script (No such file or directory)".
 */
class UnfinishedDatabaseCreationTest {
    @TempDir
    Path dir;

    private void files(String... names) throws Exception {
        for (String name : names) {
            if (name.endsWith("/")) Files.createDirectories(dir.resolve(name));
            else Files.writeString(dir.resolve(name), "#HSQL Database Engine 2.7.3\n");
        }
    }

    private List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void killedMidCreationTheFilesAreSetAsideAndTheDatabaseIsCreatedAfresh() throws Exception {
        files("run.lock", "rtm.lck", "rtm.log", "rtm.properties.new", "rtm.script.new", "rtm.tmp/");
        Optional<Path> aside = UnfinishedDatabaseCreation.setAside(dir, "rtm");
        assertThat(aside).isPresent();
        assertThat(names(aside.get())).containsExactly("rtm.lck", "rtm.log", "rtm.properties.new", "rtm.script.new", "rtm.tmp");
        assertThat(names(dir)).containsExactly("run.lock", aside.get().getFileName().toString());
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + dir.resolve("rtm") + ";shutdown=true", "SA", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE CACHED TABLE t (x INT)");
            s.execute("INSERT INTO t VALUES (1)");
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
        assertThat(UnfinishedDatabaseCreation.setAside(dir, "rtm")).as("a database that now exists").isEmpty();
    }

    @Test
    void theStateAFailedStartLeavesBehindIsSetAsideToo() throws Exception {
        files("rtm.log", "rtm.properties", "rtm.tmp/");
        assertThat(UnfinishedDatabaseCreation.setAside(dir, "rtm")).isPresent();
        assertThat(names(dir)).hasSize(1).allMatch(n -> n.startsWith("unfinished-creation-"));
    }

    @Test
    void aDatabaseWithAScriptADataFileOrABackupIsLeftToHsqldb() throws Exception {
        for (String kept : List.of("rtm.script", "rtm.data", "rtm.backup")) {
            Path folder = Files.createDirectory(dir.resolve(kept + "-case"));
            Files.writeString(folder.resolve(kept), "x");
            Files.writeString(folder.resolve("rtm.properties.new"), "x");
            Files.writeString(folder.resolve("rtm.script.new"), "x");
            assertThat(UnfinishedDatabaseCreation.setAside(folder, "rtm")).as(kept).isEmpty();
            assertThat(names(folder)).as(kept).containsExactlyInAnyOrder(kept, "rtm.properties.new", "rtm.script.new");
        }
    }

    @Test
    void aFolderWithNoDatabaseFilesOrAnotherDatabasesIsLeftAlone() throws Exception {
        assertThat(UnfinishedDatabaseCreation.setAside(dir.resolve("missing"), "rtm")).isEmpty();
        files("run.lock", "other.properties", "other.log", "rtm.lck");
        assertThat(UnfinishedDatabaseCreation.setAside(dir, "rtm")).isEmpty();
        assertThat(names(dir)).containsExactly("other.log", "other.properties", "rtm.lck", "run.lock");
    }
}
