package org.registrytrialmatcher.ingest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
    private final Pattern number;
    private final Map<String, LocalDate> parsedDates;

    /**
     * {@code parsedDates} remembers dates already parsed from the same text (a file repeats its
     * dates many times); it belongs to one file's parser, and is bounded by its owner.
     */
    RowFields(SourceProfile profile, SourceProfile.FileLayout layout, Map<String, Integer> indexByField,
              List<String> values, LocalDate runDate, Pattern number, Map<String, LocalDate> parsedDates) {
        this.profile = profile;
        this.layout = layout;
        this.indexByField = indexByField;
        this.values = values;
        this.runDate = runDate;
        this.number = number;
        this.parsedDates = parsedDates;
    }

    static Pattern numberPattern(char decimalSeparator) {
        String sep = Pattern.quote(String.valueOf(decimalSeparator));
        return Pattern.compile("[+-]?(\\d+(" + sep + "\\d+)?|" + sep + "\\d+)");
    }

    String column(String field) {
        return layout.column(field);
    }

    /** The stripped value, or null when the field is not mapped or the value is empty. */
    String text(String field) {
        Integer index = indexByField.get(field);
        if (index == null) return null;
        String value = values.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    String required(String field, String what) {
        String value = text(field);
        if (value == null) throw new RowRejection("no " + what + " (column " + column(field) + " is empty)");
        return value;
    }

    LocalDate date(String field) {
        String value = text(field);
        if (value == null) return null;
        LocalDate date = parsedDates.get(value);
        if (date == null) {
            try {
                date = LocalDate.parse(value, profile.dateFormat());
            } catch (DateTimeParseException e) {
                throw new RowRejection(column(field) + " '" + value + "' is not a date in the format " + profile.datePattern());
            }
            parsedDates.put(value, date);
        }
        if (date.isAfter(runDate)) {
            throw new RowRejection(column(field) + " " + value + " is after the run date " + runDate.format(profile.dateFormat()));
        }
        return date;
    }

    LocalDate requiredDate(String field, String what) {
        required(field, what);
        return date(field);
    }

    /** A plain number in the profile's decimal format, or null when empty. */
    Double number(String field) {
        String value = text(field);
        return value == null ? null : parseNumber(value, column(field));
    }

    Double parseNumber(String value, String columnName) {
        String v = value.strip();
        if (!number.matcher(v).matches()) {
            throw new RowRejection(columnName + " '" + value + "' is not a number"
                    + (profile.decimalSeparator() == ',' ? " with a decimal comma" : " with a decimal point"));
        }
        return Double.parseDouble(v.replace(',', '.'));
    }

    boolean matchesNumber(String value) {
        return number.matcher(value).matches();
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
