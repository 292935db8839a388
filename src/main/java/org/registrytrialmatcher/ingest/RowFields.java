package org.registrytrialmatcher.ingest;

import java.text.ParsePosition;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.source.SourceProfile;

/**
 * The fields of one export row, by field name, read the way the profile says: values are
 * stripped of surrounding spaces, an empty value is missing, dates and numbers are parsed in
 * the profile's format. Every parse failure is a {@link RowRejection} naming the column.
 */
final class RowFields {
    private final SourceProfile profile;
    private final SourceProfile.FileLayout layout;
    private final Map<String, Integer> indexByField;
    private final List<String> values;
    private final LocalDate runDate;
    private final String runDateText;
    private final char decimalSeparator;
    private final Map<String, LocalDate> parsedDates;
    /**
     * Kept in {@link #parsedDates} for text that is no date: a text that fits the pattern but not
     * the calendar (the 30th of February) is turned down by the exception of a full parse, which
     * is not parsed again for every row that repeats it.
     * Compared by identity: no parse returns this instance.
     */
    static final LocalDate NOT_A_DATE = LocalDate.MIN;

    /**
     * {@code parsedDates} remembers dates already parsed from the same text (a file repeats its
     * dates many times), and text that is no date ({@link #NOT_A_DATE}); it belongs to one file's
     * parser, and is bounded by its owner. {@code runDateText} is the run date in the profile's
     * format, formatted once by the owner rather than for each row dated after it.
     */
    RowFields(SourceProfile profile, SourceProfile.FileLayout layout, Map<String, Integer> indexByField,
              List<String> values, LocalDate runDate, String runDateText, Map<String, LocalDate> parsedDates) {
        this.profile = profile;
        this.layout = layout;
        this.indexByField = indexByField;
        this.values = values;
        this.runDate = runDate;
        this.runDateText = runDateText;
        this.decimalSeparator = profile.decimalSeparator();
        this.parsedDates = parsedDates;
    }

    /**
     * Whether {@code v} is a plain number in the registry's format: an optional sign, then digits
     * with an optional decimal part, or a decimal part alone ({@code [+-]?(\d+(,\d+)?|,\d+)} with
     * a decimal comma). Scanned by hand: a regular expression per value was a measurable share of ingest.
     */
    static boolean isPlainNumber(String v, char decimalSeparator) {
        int n = v.length();
        int i = 0;
        if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) i++;
        int whole = 0;
        while (i < n && isDigit(v.charAt(i))) {
            i++;
            whole++;
        }
        if (i == n) return whole > 0;
        if (v.charAt(i) != decimalSeparator) return false;
        i++;
        int fraction = 0;
        while (i < n && isDigit(v.charAt(i))) {
            i++;
            fraction++;
        }
        return i == n && fraction > 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    String column(String field) {
        return layout.column(field);
    }

    /** The stripped value, or null when the field is not mapped or the value is empty. */
    String text(String field) {
        Integer index = indexByField.get(field);
        if (index == null) return null;
        String value = stripped(values.get(index));
        return value.isEmpty() ? null : value;
    }

    /**
     * {@code value} without surrounding white space ({@link String#strip}). Nearly every value
     * starts and ends with a printable ASCII character, which is no white space: such a value is
     * returned as it is without the two scans strip makes.
     */
    static String stripped(String value) {
        int n = value.length();
        if (n > 0) {
            char first = value.charAt(0);
            char last = value.charAt(n - 1);
            if (first > ' ' && first < 0x7F && last > ' ' && last < 0x7F) return value;
        }
        return value.strip();
    }

    String required(String field, String what) {
        String value = text(field);
        if (value == null) throw new RowRejection("no " + what + " (column " + column(field) + " is empty)");
        return value;
    }

    LocalDate date(String field) {
        return date(field, text(field));
    }

    LocalDate requiredDate(String field, String what) {
        return date(field, required(field, what));
    }

    private LocalDate date(String field, String value) {
        if (value == null) return null;
        LocalDate date = parsedDates.get(value);
        if (date == null) {
            date = parseDate(value, profile.dateFormat());
            parsedDates.put(value, date == null ? NOT_A_DATE : date);
        }
        if (date == null || date == NOT_A_DATE) {
            throw new RowRejection(column(field) + " '" + value + "' is not a date in the format " + profile.datePattern());
        }
        if (date.isAfter(runDate)) {
            throw new RowRejection(column(field) + " " + value + " is after the run date " + runDateText);
        }
        return date;
    }

    /**
     * The date {@code value} is in {@code format}, or null when it is none. Text that does not fit
     * the pattern is turned down without the exception {@link LocalDate#parse} throws (building its
     * message and stack for every unparseable date of an export is not free). A date that fits the
     * pattern but not the calendar (the 30th of February) still goes through the full parse.
     */
    static LocalDate parseDate(String value, DateTimeFormatter format) {
        ParsePosition position = new ParsePosition(0);
        if (format.parseUnresolved(value, position) == null || position.getErrorIndex() >= 0 || position.getIndex() != value.length()) {
            return null;
        }
        try {
            return LocalDate.parse(value, format);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A plain number in the profile's decimal format, or null when empty. */
    Double number(String field) {
        String value = text(field);
        if (value == null) return null;
        if (!isPlainNumber(value, decimalSeparator)) throw notANumber(value, column(field)); // the column looked up only to say so
        return toDouble(value, decimalSeparator);
    }

    Double parseNumber(String value, String columnName) {
        String v = stripped(value);
        if (!isPlainNumber(v, decimalSeparator)) throw notANumber(value, columnName);
        return toDouble(v, decimalSeparator);
    }

    private RowRejection notANumber(String value, String columnName) {
        return new RowRejection(columnName + " '" + value + "' is not a number"
                + (profile.decimalSeparator() == ',' ? " with a decimal comma" : " with a decimal point"));
    }

    /** Powers of ten that a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
            1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The value of a plain number ({@link #isPlainNumber}) as {@link Double#parseDouble} gives it.
     * A number of at most 15 digits is its digits as an integer divided by a power of ten, both
     * exact in a double, so the one division is correctly rounded, as the parse is (the fast path
     * of the JDK's own parse, without its text copy and, for a decimal comma, the replaced copy
     * before it). Longer numbers go through the JDK's parse.
     */
    static double toDouble(String v, char decimalSeparator) {
        int n = v.length();
        int i = 0;
        boolean negative = false;
        char c = v.charAt(0);
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        long digits = 0;
        int count = 0;
        int fraction = -1;
        for (; i < n; i++) {
            c = v.charAt(i);
            if (c == decimalSeparator) {
                fraction = 0;
                continue;
            }
            if (++count > 15) return Double.parseDouble(decimalSeparator == '.' ? v : v.replace(decimalSeparator, '.'));
            digits = digits * 10 + (c - '0');
            if (fraction >= 0) fraction++;
        }
        double magnitude = fraction > 0 ? digits / EXACT_POWERS_OF_TEN[fraction] : digits;
        return negative ? -magnitude : magnitude;
    }

    boolean matchesNumber(String value) {
        return isPlainNumber(value, decimalSeparator);
    }

    /** The pipeline's value for a coded field, through the profile's code list; null when empty. */
    String coded(String field, String codeList, String what) {
        String value = text(field);
        if (value == null) return null;
        String mapped = profile.codeList(codeList).get(value);
        if (mapped == null) {
            mapped = profile.codeList(codeList).entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(value)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (mapped == null) {
            throw new RowRejection(column(field) + " '" + value + "' is not a known " + what + " (expected one of "
                    + String.join(", ", profile.codeList(codeList).keySet()) + ")");
        }
        return mapped;
    }

    String codedRequired(String field, String codeList, String what) {
        required(field, what);
        return coded(field, codeList, what);
    }

    String fileName() {
        return layout.fileName();
    }
}
