package org.registrytrialmatcher.source;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps the ways a registry spells a unit to a UCUM code. Spellings are compared after
 * {@link #fold folding}: spaces removed, case ignored, micro sign and Greek mu read as "u",
 * and the usual ways of writing a power of ten ({@code x10^9}, {@code 10E9}, {@code 10*9}) alike.
 */
public final class UnitSpellings {
    private static final Pattern POWER_OF_TEN = Pattern.compile("x?10[\\^e*](\\d+)");

    /** Spellings as sent, so that a row's unit is folded once per distinct spelling, not once per row. */
    private static final int SEEN_LIMIT = 10_000;

    private final Map<String, String> ucumByFoldedSpelling;
    private final Map<String, Optional<String>> ucumBySpellingSeen = new ConcurrentHashMap<>();

    public UnitSpellings(Map<String, String> spellings) {
        this.ucumByFoldedSpelling = new HashMap<>();
        spellings.forEach((spelling, ucum) -> ucumByFoldedSpelling.put(fold(spelling), ucum));
    }

    public Optional<String> toUcum(String spelling) {
        if (spelling == null) return Optional.empty();
        Optional<String> known = ucumBySpellingSeen.get(spelling);
        if (known != null) return known;
        Optional<String> ucum = Optional.ofNullable(ucumByFoldedSpelling.get(fold(spelling)));
        if (ucumBySpellingSeen.size() < SEEN_LIMIT) ucumBySpellingSeen.put(spelling, ucum);
        return ucum;
    }

    public Map<String, String> asMap() { return Map.copyOf(ucumByFoldedSpelling); }

    static String fold(String spelling) {
        String s = spelling.strip()
                .replace('\u00B5', 'u')   // micro sign
                .replace('\u03BC', 'u')   // Greek small mu
                .replace(" ", "")
                .toLowerCase(Locale.ROOT);
        return POWER_OF_TEN.matcher(s).replaceAll("10*$1");
    }
}
