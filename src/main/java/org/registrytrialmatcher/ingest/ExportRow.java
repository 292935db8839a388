package org.registrytrialmatcher.ingest;

import java.util.List;

/**
 * One record of an export file as read: the 1-based line where it starts (the header is
 * line 1), its fields, and its raw text. A record that could not be parsed as CSV at all has
 * no fields and says why in {@code unreadable}.
 */
public record ExportRow(long line, List<String> fields, String raw, String unreadable) {

    public static ExportRow parsed(long line, List<String> fields, String raw) {
        return new ExportRow(line, fields, raw, null);
    }

    public static ExportRow unreadable(long line, String raw, String why) {
        return new ExportRow(line, List.of(), raw, why);
    }
}
