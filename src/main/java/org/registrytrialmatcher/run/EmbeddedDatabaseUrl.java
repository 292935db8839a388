package org.registrytrialmatcher.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded HSQLDB file database, however its URL is given ({@code --rtm.db-dir}, the
 * default, or {@code --spring.datasource.url=jdbc:hsqldb:file:...}): where its files are, and
 * the settings the pipeline needs of it, added to the URL where it does not name them. Without
 * them HSQLDB creates MEMORY tables (the whole database in the heap), delays writes by half a
 * second (a kill could lose committed chunks) and holds every query result in memory. Its folder
 * is prepared owner-only ({@link DatabaseFolder}) before the database is opened.
 */
public final class EmbeddedDatabaseUrl implements EnvironmentPostProcessor {
    static final String PREFIX = "jdbc:hsqldb:file:";
    /** The settings of a file database: disk-backed tables, MVCC, every commit written through, large results on disk. */
    static final Map<String, String> SETTINGS = settings();

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("hsqldb.default_table_type", "cached");
        s.put("hsqldb.tx", "mvcc");
        s.put("hsqldb.write_delay", "false");
        // the redo log is checkpointed into the data file every 1000 MB, not every 50 MB: staging writes gigabytes
        s.put("hsqldb.log_size", "1000");
        s.put("hsqldb.result_max_memory_rows", "20000");
        s.put("shutdown", "true");
        return s;
    }

    private EmbeddedDatabaseUrl() {
    }

    /** The path of the file database a URL names (without HSQLDB's extensions), or empty for any other database. */
    public static Optional<Path> databasePath(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return Optional.empty();
        String path = url.substring(PREFIX.length());
        int semicolon = path.indexOf(';');
        return Optional.of(Path.of(semicolon < 0 ? path : path.substring(0, semicolon)));
    }

    /** The URL with the pipeline's settings added where it does not name them; any other database's URL as it is. */
    public static String withSettings(String url) {
        if (databasePath(url).isEmpty()) return url;
        StringBuilder result = new StringBuilder(url);
        String lower = url.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> setting : SETTINGS.entrySet()) {
            if (!lower.contains(";" + setting.getKey() + "=")) result.append(';').append(setting.getKey()).append('=').append(setting.getValue());
        }
        return result.toString();
    }

    /**
     * The file database the command line (or SPRING_DATASOURCE_URL) points at, read before
     * Spring starts: {@code --spring.datasource.url}, else {@code <rtm.db-dir>/rtm}.
     */
    public static Optional<Path> databasePath(String[] args) {
        String dir = "data/hsqldb";
        String url = System.getenv("SPRING_DATASOURCE_URL");
        for (String arg : args) {
            if (arg.startsWith("--spring.datasource.url=")) url = arg.substring("--spring.datasource.url=".length());
            if (arg.startsWith("--rtm.db-dir=")) dir = arg.substring("--rtm.db-dir=".length());
        }
        if (url == null) return Optional.of(Path.of(dir).resolve("rtm"));
        return databasePath(url);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        databasePath(url).ifPresent(DatabaseFolder::prepare);
        String completed = withSettings(url);
        if (completed != null && !completed.equals(url)) {
            environment.getPropertySources().addFirst(new MapPropertySource("rtm.embedded-database-url", Map.of("spring.datasource.url", completed)));
        }
    }
}
