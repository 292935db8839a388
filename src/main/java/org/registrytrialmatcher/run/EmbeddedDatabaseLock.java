package org.registrytrialmatcher.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One run at a time on the embedded HSQLDB database: an operating-system lock on
 * {@code <db-dir>/run.lock}, taken before the database is opened and held until the process
 * ends. The operating system releases it however the process ends (kill -9 included), so a
 * stale lock never blocks the next night. HSQLDB's own lock file would make a second process
 * wait or fail at start-up with an opaque error; this says clearly why it does not start.
 */
public final class EmbeddedDatabaseLock {
    private static FileChannel channel;
    private static FileLock lock;

    private EmbeddedDatabaseLock() {
    }

    /** The embedded database folder the arguments point at, or empty if they name another database. */
    public static Optional<Path> databaseDir(String[] args) {
        String dir = "data/hsqldb";
        for (String arg : args) {
            if (arg.startsWith("--spring.datasource.url=") && !arg.startsWith("--spring.datasource.url=jdbc:hsqldb:file:")) {
                return Optional.empty();
            }
            if (arg.startsWith("--rtm.db-dir=")) dir = arg.substring("--rtm.db-dir=".length());
        }
        return Optional.of(Path.of(dir));
    }

    /** True if this process now holds the lock (or no embedded database is used). */
    public static synchronized boolean tryAcquire(String[] args) throws IOException {
        Optional<Path> dir = databaseDir(args);
        if (dir.isEmpty()) return true;
        Files.createDirectories(dir.get());
        channel = FileChannel.open(dir.get().resolve("run.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            channel = null;
            return false;
        }
        return true;
    }
}
