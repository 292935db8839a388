package org.registrytrialmatcher.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded database's folder and files hold patient data: the folder is created owner-only
 * (0700), and every file of the database 0600 and every folder of it 0700, whatever the umask
 * (HSQLDB creates its files with the process's umask). A folder that already holds other files
 * than this database's (a shared folder such as /tmp) keeps its own mode; the database's files
 * are still made owner-only.
 */
public final class DatabaseFolder {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DatabaseFolder() {
    }

    /** Creates the folder of the database (owner-only), or makes it owner-only if it holds nothing but this database. */
    public static void prepare(Path database) {
        Path folder = database.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(folder)) {
                if (POSIX) Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
                else Files.createDirectories(folder);
            }
            if (POSIX && holdsOnly(folder, database.getFileName().toString())) Files.setPosixFilePermissions(folder, FOLDER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the database folder " + folder, e);
        }
    }

    /** Makes every file of the database (its name followed by '.' or '-') 0600, and every folder of it 0700. */
    public static void ownerOnly(Path database) {
        if (!POSIX) return;
        Path folder = database.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) return;
        String name = database.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) {
                if (ofDatabase(p.getFileName().toString(), name)) ownerOnlyTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the database files in " + folder + " owner-only", e);
        }
    }

    private static void ownerOnlyTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                try {
                    Files.setPosixFilePermissions(p, Files.isDirectory(p) ? FOLDER : FILE);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // HSQLDB renamed or removed it meanwhile
                }
            }
        }
    }

    private static boolean ofDatabase(String file, String name) {
        return file.startsWith(name + ".") || file.startsWith(name + "-") || file.startsWith("unfinished-creation-");
    }

    private static boolean holdsOnly(Path folder, String name) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) if (!ofDatabase(p.getFileName().toString(), name)) return false;
        }
        return true;
    }
}
