package org.registrytrialmatcher.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An embedded database whose creation was killed: HSQLDB writes a new database's first
 * {@code .script} and {@code .properties} as {@code .new} files and renames them, and a kill in
 * between leaves files it refuses to open ("rtm.script (No such file or directory)") on every
 * later start. Such a folder holds no database yet (no script, no data file, no backup), so its
 * files are set aside, never deleted, into {@code unfinished-creation-<millis>/} and the run
 * creates the database afresh. A folder with a script, a data file or a backup is left to HSQLDB's
 * own recovery.
 */
public final class UnfinishedDatabaseCreation {
    private UnfinishedDatabaseCreation() {
    }

    /** Sets aside the files of an unfinished creation of database {@code name} in {@code dir}; returns where, if it did. */
    public static Optional<Path> setAside(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        for (String kept : List.of(".script", ".data", ".backup")) {
            if (Files.exists(dir.resolve(name + kept))) return Optional.empty();
        }
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ".*")) {
            files.forEach(leftovers::add);
        }
        boolean started = leftovers.stream().map(p -> p.getFileName().toString())
                .anyMatch(f -> f.equals(name + ".properties") || f.equals(name + ".properties.new") || f.equals(name + ".script.new") || f.equals(name + ".log"));
        if (!started) return Optional.empty();
        Path aside = dir.resolve("unfinished-creation-" + System.currentTimeMillis());
        Files.createDirectory(aside);
        for (Path file : leftovers) Files.move(file, aside.resolve(file.getFileName()));
        return Optional.of(aside);
    }
}
