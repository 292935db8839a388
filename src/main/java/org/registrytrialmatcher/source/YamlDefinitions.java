package org.registrytrialmatcher.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a YAML definition file into plain maps and lets callers pull typed entries out of
 * it with messages that name the file and the entry that is wrong.
 */
public final class YamlDefinitions {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private YamlDefinitions() {
    }

    public static Map<String, Object> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DefinitionException(file + ": definition file not found");
        }
        try {
            Object root = YAML.readValue(file.toFile(), Object.class);
            if (!(root instanceof Map<?, ?>)) {
                throw new DefinitionException(file + ": expected a YAML mapping at the top level");
            }
            return stringKeys(file, "(top level)", root);
        } catch (JacksonException e) {
            throw new DefinitionException(file + ": not valid YAML (" + e.getOriginalMessage() + ")", e);
        }
    }

    public static Map<String, Object> map(Path file, String entry, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new DefinitionException(file + ": entry '" + entry + "' must be a mapping");
        }
        return stringKeys(file, entry, value);
    }

    public static Map<String, Object> optionalMap(Path file, String entry, Object value) {
        return value == null ? Map.of() : map(file, entry, value);
    }

    public static String string(Path file, String entry, Object value) {
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new DefinitionException(file + ": entry '" + entry + "' must be a single value");
        }
        String s = value.toString();
        if (s.isBlank()) {
            throw new DefinitionException(file + ": entry '" + entry + "' is empty");
        }
        return s;
    }

    public static String optionalString(Path file, String entry, Object value) {
        return value == null ? null : string(file, entry, value);
    }

    public static List<?> list(Path file, String entry, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new DefinitionException(file + ": entry '" + entry + "' must be a list");
        }
        return list;
    }

    public static Map<String, String> stringMap(Path file, String entry, Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        map(file, entry, value).forEach((k, v) -> result.put(k, string(file, entry + "." + k, v)));
        return result;
    }

    private static Map<String, Object> stringKeys(Path file, String entry, Object value) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (e.getKey() == null) {
                throw new DefinitionException(file + ": entry '" + entry + "' has an empty key");
            }
            result.put(e.getKey().toString(), e.getValue());
        }
        return result;
    }
}
