package org.registrytrialmatcher.source;

import static org.registrytrialmatcher.source.YamlDefinitions.map;
import static org.registrytrialmatcher.source.YamlDefinitions.optionalMap;
import static org.registrytrialmatcher.source.YamlDefinitions.optionalString;
import static org.registrytrialmatcher.source.YamlDefinitions.string;
import static org.registrytrialmatcher.source.YamlDefinitions.stringMap;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Loads and validates a source profile ({@code jobs/sources/NAME.yaml}). Every mistake in a
 * profile fails with a message naming the file and the entry, before any export is read.
 */
public final class SourceProfileLoader {
    private static final Set<String> TOP_LEVEL = Set.of("source", "description", "format", "unitSpellings", "units", "files", "codes");
    private static final Set<String> REQUIRED_CODE_LISTS = Set.of("sex", "yesNo", "stopReason", "organ", "labs", "observations");

    private SourceProfileLoader() {
    }

    /** Loads profile {@code name} from {@code profilesDir/name.yaml}, or a profile given as a path to a .yaml file. */
    public static SourceProfile load(Path profilesDir, String nameOrPath) {
        Path file = nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")
                ? Path.of(nameOrPath)
                : profilesDir.resolve(nameOrPath + ".yaml");
        return load(file);
    }

    public static SourceProfile load(Path file) {
        Map<String, Object> root = YamlDefinitions.read(file);
        for (String key : root.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                throw new DefinitionException(file + ": unknown entry '" + key + "' (expected one of " + TOP_LEVEL + ")");
            }
        }
        String name = string(file, "source", root.get("source"));
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new DefinitionException(file + ": entry 'source' must be letters, digits, '_' or '-'");
        }

        Map<String, Object> format = map(file, "format", root.get("format"));
        Object delimiterValue = unescapeTab(format.get("delimiter"));
        if (!(delimiterValue instanceof String delimiterText) || delimiterText.length() != 1) {
            throw new DefinitionException(file + ": entry 'format.delimiter' must be a single character (write a tab as \"\\t\")");
        }
        char delimiter = delimiterText.charAt(0);
        String quoteText = optionalString(file, "format.quote", format.get("quote"));
        Character quote = quoteText == null ? null : singleChar(file, "format.quote", quoteText);
        Charset encoding;
        String encodingName = string(file, "format.encoding", format.getOrDefault("encoding", "UTF-8"));
        try {
            encoding = Charset.forName(encodingName);
        } catch (RuntimeException e) {
            throw new DefinitionException(file + ": entry 'format.encoding': unknown character set '" + encodingName + "'");
        }
        String datePattern = string(file, "format.dateFormat", format.get("dateFormat"));
        DateTimeFormatter dateFormat;
        try {
            dateFormat = DateTimeFormatter.ofPattern(datePattern.replace("yyyy", "uuuu")).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(file + ": entry 'format.dateFormat': '" + datePattern + "' is not a date pattern");
        }
        char decimalSeparator = singleChar(file, "format.decimalSeparator", string(file, "format.decimalSeparator", format.getOrDefault("decimalSeparator", ".")));
        if (decimalSeparator != '.' && decimalSeparator != ',') {
            throw new DefinitionException(file + ": entry 'format.decimalSeparator' must be '.' or ','");
        }
        if (decimalSeparator == delimiter) {
            throw new DefinitionException(file + ": entry 'format.decimalSeparator' is the same character as the delimiter");
        }

        Map<RecordKind, SourceProfile.FileLayout> files = new EnumMap<>(RecordKind.class);
        Map<String, Object> filesEntry = map(file, "files", root.get("files"));
        for (String kindKey : filesEntry.keySet()) {
            if (RecordKind.fromKey(kindKey) == null) {
                throw new DefinitionException(file + ": entry 'files." + kindKey + "' is not a kind of record (expected one of patients, diagnoses, labs, medications, observations, biopsies)");
            }
        }
        for (RecordKind kind : RecordKind.values()) {
            String entry = "files." + kind.key();
            Map<String, Object> fileEntry = map(file, entry, filesEntry.get(kind.key()));
            String fileName = string(file, entry + ".file", fileEntry.get("file"));
            if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
                throw new DefinitionException(file + ": entry '" + entry + ".file' must be a plain file name");
            }
            Map<String, String> columns = stringMap(file, entry + ".columns", fileEntry.get("columns"));
            LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
            for (RecordKind.Field field : kind.fields()) {
                String column = columns.get(field.name());
                if (column == null && field.mappingRequired()) {
                    throw new DefinitionException(file + ": entry '" + entry + ".columns' has no column for required field '" + field.name() + "'");
                }
                if (column != null) ordered.put(field.name(), column);
            }
            for (String field : columns.keySet()) {
                if (!ordered.containsKey(field)) {
                    throw new DefinitionException(file + ": entry '" + entry + ".columns." + field + "' is not a field of " + kind.key()
                            + " (fields: " + kind.fields().stream().map(RecordKind.Field::name).toList() + ")");
                }
            }
            files.put(kind, new SourceProfile.FileLayout(kind, fileName, ordered));
        }

        Map<String, Map<String, String>> codes = new LinkedHashMap<>();
        Map<String, Object> codesEntry = map(file, "codes", root.get("codes"));
        codesEntry.forEach((list, values) -> codes.put(list, stringMap(file, "codes." + list, values)));
        for (String list : REQUIRED_CODE_LISTS) {
            if (!codes.containsKey(list)) {
                throw new DefinitionException(file + ": entry 'codes' has no code list '" + list + "'");
            }
        }
        checkValues(file, "codes.sex", codes.get("sex"), Set.of("F", "M"));
        checkValues(file, "codes.yesNo", codes.get("yesNo"), Set.of("Y", "N"));
        checkValues(file, "codes.stopReason", codes.get("stopReason"), Set.of("COMPLETED", "INEFFICACY", "INTOLERANCE", "OTHER"));
        checkValues(file, "codes.organ", codes.get("organ"), Set.of("KIDNEY", "MUSCLE", "SKIN"));
        if (codes.containsKey("diagnosisStatus")) {
            checkValues(file, "codes.diagnosisStatus", codes.get("diagnosisStatus"), Set.of("ACTIVE", "RESOLVED"));
        }
        if (files.get(RecordKind.DIAGNOSES).column("status") != null && !codes.containsKey("diagnosisStatus")) {
            throw new DefinitionException(file + ": 'files.diagnoses.columns.status' is mapped but there is no code list 'codes.diagnosisStatus'");
        }

        Map<String, String> spellings = new LinkedHashMap<>();
        String spellingsFile = optionalString(file, "unitSpellings", root.get("unitSpellings"));
        if (spellingsFile != null) {
            Path spellingsPath = file.toAbsolutePath().getParent().resolve(spellingsFile);
            try {
                YamlDefinitions.read(spellingsPath).forEach((k, v) -> spellings.put(k, string(spellingsPath, k, v)));
            } catch (DefinitionException e) {
                throw new DefinitionException(file + ": entry 'unitSpellings': " + e.getMessage(), e);
            }
        }
        optionalMap(file, "units", root.get("units")).forEach((k, v) -> spellings.put(k, string(file, "units." + k, v)));

        return new SourceProfile(name, file, delimiter, quote, encoding, datePattern, dateFormat, decimalSeparator,
                files, codes, new UnitSpellings(spellings));
    }

    private static Object unescapeTab(Object value) {
        return "\\t".equals(value) || "TAB".equals(value) ? "\t" : value;
    }

    private static char singleChar(Path file, String entry, String value) {
        if (value.length() != 1) {
            throw new DefinitionException(file + ": entry '" + entry + "' must be a single character");
        }
        return value.charAt(0);
    }

    private static void checkValues(Path file, String entry, Map<String, String> codeList, Set<String> allowed) {
        codeList.forEach((k, v) -> {
            if (!allowed.contains(v)) {
                throw new DefinitionException(file + ": entry '" + entry + "." + k + "' maps to '" + v + "', expected one of " + allowed);
            }
        });
    }
}
