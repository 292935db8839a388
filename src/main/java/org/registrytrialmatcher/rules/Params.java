package org.registrytrialmatcher.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.source.DefinitionException;

/**
 * The parameters of one entry of a definition file, read with messages that name the file
 * and the entry ("jobs/rd06-05/trial.yaml: rule INC-ANC: 'window' must be a whole number").
 * Every key must be read: an unexpected key is reported as unknown.
 */
final class Params {
    private final Path file;
    private final String entry;
    private final Map<String, Object> values;
    private final Set<String> read = new java.util.HashSet<>();

    Params(Path file, String entry, Object values) {
        this.file = file;
        this.entry = entry;
        if (!(values instanceof Map<?, ?> map)) throw fail("must be a mapping");
        this.values = new LinkedHashMap<>();
        map.forEach((k, v) -> this.values.put(String.valueOf(k), v));
    }

    DefinitionException fail(String message) {
        return new DefinitionException(file + ": " + entry + ": " + message);
    }

    Path file() { return file; }

    String entry() { return entry; }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    String string(String key) {
        Object v = raw(key);
        if (v == null || v instanceof Map<?, ?> || v instanceof List<?> || v.toString().isBlank()) {
            throw fail("'" + key + "' must be a text value");
        }
        return v.toString();
    }

    String string(String key, String defaultValue) {
        return has(key) ? string(key) : defaultValue;
    }

    int integer(String key) {
        Object v = raw(key);
        if (v instanceof Integer i && i >= 0) return i;
        throw fail("'" + key + "' must be a whole number of 0 or more (got " + v + ")");
    }

    int integer(String key, int defaultValue) {
        return has(key) ? integer(key) : defaultValue;
    }

    double number(String key) {
        Object v = raw(key);
        if (v instanceof Number n) return n.doubleValue();
        throw fail("'" + key + "' must be a number (got " + v + ")");
    }

    boolean bool(String key, boolean defaultValue) {
        if (!has(key)) return defaultValue;
        Object v = raw(key);
        if (v instanceof Boolean b) return b;
        throw fail("'" + key + "' must be true or false");
    }

    List<String> strings(String key) {
        Object v = raw(key);
        if (!(v instanceof List<?> list)) throw fail("'" + key + "' must be a list");
        List<String> result = new ArrayList<>();
        for (Object o : list) {
            if (o == null || o instanceof Map<?, ?> || o instanceof List<?>) throw fail("'" + key + "' must be a list of text values");
            result.add(o.toString());
        }
        return result;
    }

    List<String> strings(String key, List<String> defaultValue) {
        return has(key) ? strings(key) : defaultValue;
    }

    Params child(String key) {
        return new Params(file, entry + "." + key, raw(key));
    }

    List<Params> children(String key) {
        Object v = raw(key);
        if (!(v instanceof List<?> list)) throw fail("'" + key + "' must be a list");
        List<Params> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) result.add(new Params(file, entry + "." + key + "[" + (i + 1) + "]", list.get(i)));
        return result;
    }

    Outcome outcome(String key, Outcome defaultValue) {
        if (!has(key)) return defaultValue;
        String s = string(key);
        try {
            return Outcome.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail("'" + key + "' must be one of MET, NOT_MET, UNKNOWN, REVIEW, NOT_APPLICABLE (got " + s + ")");
        }
    }

    List<String> keys() {
        return List.copyOf(values.keySet());
    }

    Map<String, Object> rawMap() {
        read.addAll(values.keySet());
        return values;
    }

    /** Fails if the entry holds a key that nothing read: a typo would otherwise be ignored silently. */
    void requireAllRead() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) throw fail("unknown entry '" + key + "'");
        }
    }
}
