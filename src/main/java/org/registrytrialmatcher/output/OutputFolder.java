package org.registrytrialmatcher.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The run's output folder: created readable by the owner only (0700), and every file in it
 * made owner-only (0600). Outputs go nowhere else.
 */
public final class OutputFolder {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private OutputFolder() {
    }

    public static Path prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            if (POSIX) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + dir, e);
        }
    }

    /** Attributes that create a file owner-only (0600) from the start; none where the file system has no POSIX modes. */
    public static FileAttribute<?>[] ownerOnlyAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)} : new FileAttribute<?>[0];
    }

    public static void ownerOnly(Path file) {
        try {
            if (POSIX && Files.exists(file)) Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict permissions of " + file, e);
        }
    }

    /** What streams a file's content into a writer. */
    @FunctionalInterface
    public interface Content {
        void writeTo(java.io.BufferedWriter writer) throws IOException;
    }

    /**
     * Streams a file into a temporary owner-only file beside it, then renames it into place, so
     * a crash never leaves half a file and a rerun simply writes it again.
     */
    public static void writeStreaming(Path file, Content content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, java.nio.charset.StandardCharsets.UTF_8)) {
                ownerOnly(tmp);
                content.writeTo(w);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes a whole small file atomically (temporary file, then rename), owner-only. */
    public static void writeAtomically(Path file, byte[] content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, content);
            ownerOnly(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
