package org.registrytrialmatcher.staging;

import java.util.List;

/**
 * What makes two fact rows of one patient in one export file exact duplicates: the same fields
 * (the rows' spelling in the file may differ, e.g. a field quoted in one and not in the other).
 *
 * <p>The key is text, compared whole, so two rows with different fields never share it. A row
 * whose raw text holds no quote character and was kept whole is its fields joined by the
 * delimiter (no field of it can hold the delimiter or a line break), so its raw text, which is
 * staged anyway, is its key and nothing more is staged for it. Any other row (a quote in it, or
 * raw text cut at {@link StagingTable#RAW_LIMIT}) has its fields staged as text
 * ({@link #fieldsText}): joined by the delimiter when none holds the delimiter, the quote or a
 * line break (the same key as the unquoted spelling of the same fields), else a line break
 * followed by each field as its length, a colon and its text (a key no raw text can be, as
 * unquoted raw text never holds a line break).
 *
 * <p>Packets of earlier versions staged a 128-bit SHA-256 of the fields instead
 * ({@link #ofEarlierPacket}).
 */
public final class DuplicateKey {
    private DuplicateKey() {
    }

    /**
     * The fields as text to stage with a fact row, or null when its raw text is its key. {@code raw}
     * is the record's text as read, before any cut; {@code quote} is null when the dialect has none.
     */
    public static String fieldsText(String raw, List<String> fields, char delimiter, Character quote) {
        if (rawIsKey(raw, quote)) return null;
        boolean plain = true;
        for (String f : fields) {
            if (f.indexOf(delimiter) >= 0 || (quote != null && f.indexOf(quote) >= 0) || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                plain = false;
                break;
            }
        }
        StringBuilder key = new StringBuilder();
        if (plain) {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) key.append(delimiter);
                key.append(fields.get(i));
            }
        } else {
            key.append('\n');
            for (String f : fields) key.append(f.length()).append(':').append(f);
        }
        return key.toString();
    }

    /** The key of a staged row: its staged fields text, else its raw text. */
    public static String of(String raw, String fieldsText) {
        return fieldsText != null ? fieldsText : raw;
    }

    /**
     * The key of a row staged by an earlier version, with the hash of its fields: its raw text
     * where that is its key (so that it matches a row staged since), else two line breaks and the
     * hash in hexadecimal (a key no other row can have).
     */
    static String ofEarlierPacket(String raw, String hashHex, Character quote) {
        return rawIsKey(raw, quote) ? raw : "\n\n" + hashHex;
    }

    /** Whether raw text is exactly its row's fields joined by the delimiter: kept whole, with no quote in it. */
    private static boolean rawIsKey(String raw, Character quote) {
        return raw != null && raw.length() <= StagingTable.RAW_LIMIT && (quote == null || raw.indexOf(quote) < 0);
    }
}
