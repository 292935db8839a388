package org.registrytrialmatcher.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.registrytrialmatcher.source.SourceProfile;

/**
 * The header of an export file checked against the profile: where each field's column is.
 * Column names are compared without surrounding spaces and case; extra columns are allowed
 * (and reported), a missing or repeated expected column fails the run.
 */
public record ExportHeader(int columnCount, Map<String, Integer> indexByField, List<String> ignoredColumns) {

    public static ExportHeader check(String source, SourceProfile.FileLayout layout, List<String> headerNames) {
        Map<String, Integer> indexByName = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < headerNames.size(); i++) {
            String name = normalise(headerNames.get(i));
            if (indexByName.putIfAbsent(name, i) != null) repeated.add(headerNames.get(i).strip());
        }
        Map<String, Integer> indexByField = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        layout.columnsByField().forEach((field, column) -> {
            Integer index = indexByName.get(normalise(column));
            if (index == null) missing.add(column);
            else indexByField.put(field, index);
        });
        String expected = String.join(",", layout.expectedColumns());
        if (!missing.isEmpty()) {
            throw new ExportFileException(source + ": " + layout.fileName() + ": the first line is not the expected header: "
                    + "column(s) " + String.join(", ", missing) + " missing (expected columns: " + expected + ")");
        }
        List<String> expectedRepeated = repeated.stream().filter(r -> layout.expectedColumns().stream().anyMatch(c -> normalise(c).equals(normalise(r)))).toList();
        if (!expectedRepeated.isEmpty()) {
            throw new ExportFileException(source + ": " + layout.fileName() + ": header names column(s) " + String.join(", ", expectedRepeated)
                    + " more than once (expected columns: " + expected + ")");
        }
        List<String> ignored = new ArrayList<>();
        for (String name : headerNames) {
            if (layout.expectedColumns().stream().noneMatch(c -> normalise(c).equals(normalise(name)))) ignored.add(name.strip());
        }
        // Looked up for every field of every row, by the field names the mappers write as literals: with the
        // keys interned, a lookup finds its key by identity instead of comparing the names' characters.
        Map<String, Integer> byInternedField = new HashMap<>();
        indexByField.forEach((field, index) -> byInternedField.put(field.intern(), index));
        return new ExportHeader(headerNames.size(), java.util.Collections.unmodifiableMap(byInternedField), List.copyOf(ignored));
    }

    private static String normalise(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
