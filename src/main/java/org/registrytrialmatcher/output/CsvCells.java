package org.registrytrialmatcher.output;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.commons.csv.CSVFormat;

/**
 * CSV output that is safe to open in a spreadsheet: a text cell beginning with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return is prefixed with a single quote
 * (OWASP CSV injection guidance); numbers are written as they are.
 */
public final class CsvCells {
    private static final CSVFormat FORMAT = CSVFormat.Builder.create(CSVFormat.RFC4180).setRecordSeparator("").get();

    private CsvCells() {
    }

    /** A text cell, neutralised if a spreadsheet could read it as a formula. */
    public static String text(String value) {
        if (value == null || value.isEmpty()) return value;
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }

    /** One CSV line (no line end) of already neutralised cells; null is an empty cell. */
    public static String line(Object... cells) {
        try {
            StringBuilder out = new StringBuilder();
            FORMAT.printRecord(out, cells);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
