package org.registrytrialmatcher.source;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one registry writes its export: CSV dialect, dates, numbers, which file and column
 * hold each field, and how coded values (sex, consent, lab codes, units) are spelled.
 * Loaded from {@code jobs/sources/NAME.yaml} by {@link SourceProfileLoader}.
 */
public record SourceProfile(
        String name,
        Path definitionFile,
        char delimiter,
        Character quote,
        Charset encoding,
        String datePattern,
        DateTimeFormatter dateFormat,
        char decimalSeparator,
        Map<RecordKind, FileLayout> files,
        Map<String, Map<String, String>> codes,
        UnitSpellings unitSpellings) {

    /** The export file of one record kind, and the column holding each of its fields. */
    public record FileLayout(RecordKind kind, String fileName, LinkedHashMap<String, String> columnsByField) {
        public String column(String field) { return columnsByField.get(field); }

        public List<String> expectedColumns() { return List.copyOf(columnsByField.values()); }
    }

    public FileLayout file(RecordKind kind) { return files.get(kind); }

    /** The code list of this profile with that name ({@code sex}, {@code labs}, ...), empty if absent. */
    public Map<String, String> codeList(String listName) {
        return codes.getOrDefault(listName, Map.of());
    }
}
