package org.registrytrialmatcher.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One run at a time on an embedded HSQLDB file database: an operating-system lock on
 * {@code <database>-run.lock} beside the database the run actually uses (however its URL is
 * given), taken before the database is opened and held until the process ends. The operating
 * system releases it however the process ends (kill -9 included), so a stale lock never blocks
 * the next night. HSQLDB's own lock file would make a second process wait or fail at start-up
 * with an opaque error; this says clearly why it does not start.
 */
public final class EmbeddedDatabaseLock {
    private static FileChannel channel;
    private static FileLock lock;

    private EmbeddedDatabaseLock() {
    }

    /** The lock file of a file database ({@code data/hsqldb/rtm} has {@code data/hsqldb/rtm-run.lock}). */
    public static Path lockFile(Path database) {
        return database.resolveSibling(database.getFileName() + "-run.lock");
    }

    /** True if this process now holds the lock of the database the arguments name (or they name no embedded file database). */
    public static synchronized boolean tryAcquire(String[] args) throws IOException {
        Optional<Path> database = EmbeddedDatabaseUrl.databasePath(args);
        if (database.isEmpty()) return true;
        Path file = lockFile(database.get().toAbsolutePath());
        DatabaseFolder.prepare(database.get());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        DatabaseFolder.ownerOnly(database.get());
        lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            channel = null;
            return false;
        }
        return true;
    }

    /** Gives the lock back (the process ending does the same). */
    public static synchronized void release() throws IOException {
        if (channel == null) return;
        channel.close();
        channel = null;
        lock = null;
    }
}
