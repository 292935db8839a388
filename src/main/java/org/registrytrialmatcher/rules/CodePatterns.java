package org.registrytrialmatcher.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A list of ICD-10 (or ATC) code patterns: {@code M32*} or {@code M32} match M32 and every
 * code below it (M32.14); {@code C00-C97} matches the three-character categories from C00 to
 * C97 and every code below them.
 */
public final class CodePatterns {
    private static final Pattern SINGLE = Pattern.compile("[A-Z][0-9A-Z]{1,2}(\\.?[0-9A-Z]{0,5})?\\*?");
    private static final Pattern RANGE = Pattern.compile("([A-Z][0-9]{2})-([A-Z][0-9]{2})");

    private final List<String> patterns;
    /** The patterns, read once: a code is matched against every medication and diagnosis of every child. */
    private final List<Match> matchers;

    private CodePatterns(List<String> patterns) {
        this.patterns = patterns;
        this.matchers = patterns.stream().map(CodePatterns::matcher).toList();
    }

    /** One pattern, as it matches an upper-case code; its specificity is the length of the code stem it names. */
    private interface Match {
        boolean matches(String code);

        int specificity();
    }

    private static Match matcher(String pattern) {
        var range = RANGE.matcher(pattern);
        if (range.matches()) {
            String from = range.group(1);
            String to = range.group(2);
            return new Match() {
                public boolean matches(String code) {
                    String category = code.length() >= 3 ? code.substring(0, 3) : code;
                    return category.compareTo(from) >= 0 && category.compareTo(to) <= 0;
                }

                public int specificity() {
                    return 3;
                }
            };
        }
        String prefix = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        return new Match() {
            public boolean matches(String code) {
                return code.startsWith(prefix);
            }

            public int specificity() {
                return prefix.length();
            }
        };
    }

    static CodePatterns of(List<String> patterns, Params where, String key) {
        List<String> checked = new ArrayList<>();
        for (String p : patterns) {
            String s = p.strip().toUpperCase(Locale.ROOT);
            if (!SINGLE.matcher(s).matches() && !RANGE.matcher(s).matches()) {
                throw where.fail("'" + key + "': '" + p + "' is not a code pattern (e.g. M32*, M35.0, C00-C97)");
            }
            checked.add(s);
        }
        return new CodePatterns(List.copyOf(checked));
    }

    public static CodePatterns none() {
        return new CodePatterns(List.of());
    }

    public boolean matches(String code) {
        if (code == null) return false;
        String c = code.toUpperCase(Locale.ROOT);
        for (Match m : matchers) {
            if (m.matches(c)) return true;
        }
        return false;
    }

    /** The specificity of the most specific pattern matching the code (the length of its stem), or -1 if none matches. */
    public int longestMatch(String code) {
        if (code == null) return -1;
        String c = code.strip().toUpperCase(Locale.ROOT);
        int best = -1;
        for (Match m : matchers) {
            if (m.matches(c)) best = Math.max(best, m.specificity());
        }
        return best;
    }

    public CodePatterns plus(CodePatterns other) {
        List<String> all = new ArrayList<>(patterns);
        all.addAll(other.patterns);
        return new CodePatterns(List.copyOf(all));
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
