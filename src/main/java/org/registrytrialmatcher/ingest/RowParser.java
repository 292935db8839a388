package org.registrytrialmatcher.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.source.SourceProfile;
import org.registrytrialmatcher.staging.DuplicateKey;
import org.registrytrialmatcher.staging.StagedPacketCodec;
import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Decides for each record of one export file whether it can be staged, and with which typed
 * values, or must be rejected and why. Checks common to every file (readable CSV, field
 * count, valid text) come first; the kind's own checks follow in {@link RecordMappers}.
 */
public class RowParser implements ItemProcessor<ExportRow, ParsedRow> {
    private final RecordKind kind;
    private final SourceProfile profile;
    private final SourceProfile.FileLayout layout;
    private final HeaderSource reader;
    private ExportHeader header;
    private final LocalDate runDate;
    /** The run date in the profile's date format, for the reason a row dated after it gets. */
    private final String runDateText;
    private final RecordMappers mappers;
    private final List<StagingTable.Column> columns;
    /** A fact kind: rows are told apart by their raw text or fields text, a patient row by the hash of its fields. */
    private final boolean packed;
    /** A fact row is put in its packet form here, as it is parsed. */
    private final StagedPacketCodec.RowPacker packer = new StagedPacketCodec.RowPacker();
    private final int patientColumn;
    /** Dates parsed so far in this file, by their text; a few thousand distinct dates at most in practice, capped all the same. */
    private final Map<String, LocalDate> parsedDates = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LocalDate> eldest) {
            return size() > 20_000;
        }
    };

    public RowParser(RecordKind kind, SourceProfile profile, HeaderSource reader, LocalDate runDate,
                     MeasureCatalogue catalogue, UcumUnits ucum) {
        this.kind = kind;
        this.profile = profile;
        this.layout = profile.file(kind);
        this.reader = reader;
        this.runDate = runDate;
        this.runDateText = runDate.format(profile.dateFormat());
        this.mappers = new RecordMappers(catalogue, profile, ucum);
        this.columns = StagingTable.of(kind).columns();
        this.packed = StagingTable.of(kind).packed();
        this.patientColumn = StagingTable.of(kind).index("patient_id");
    }

    @Override
    public ParsedRow process(ExportRow row) {
        boolean invalidText = row.raw() != null && row.raw().indexOf(ExportFileReader.INVALID_CHAR) >= 0;
        String raw = StagingTable.limitRaw(invalidText ? row.raw().replace(ExportFileReader.INVALID_CHAR, '\uFFFD') : row.raw());
        if (row.unreadable() != null) {
            return new ParsedRow.Rejected(row.line(), raw, row.unreadable());
        }
        if (header == null) header = reader.header(); // read once the file is open; the same for every row of the file
        List<String> values = row.fields();
        if (values.size() == 1 && values.get(0).isBlank() && header.columnCount() > 1) {
            return new ParsedRow.Rejected(row.line(), raw, "empty line");
        }
        if (values.size() != header.columnCount()) {
            return new ParsedRow.Rejected(row.line(), raw, "has " + values.size() + " field(s), the header has "
                    + header.columnCount() + " (is a delimiter '" + printable(profile.delimiter()) + "' or a quote missing or extra?)");
        }
        if (invalidText) {
            return new ParsedRow.Rejected(row.line(), raw, "contains bytes that are not valid " + profile.encoding().name()
                    + " text (was the file saved in another encoding, e.g. Latin-1?)");
        }
        try {
            RowFields fields = new RowFields(profile, layout, header.indexByField(), values, runDate, runDateText, parsedDates);
            Object[] typed = mappers.map(kind, fields);
            String tooLong = tooLong(typed);
            if (tooLong != null) return new ParsedRow.Rejected(row.line(), raw, tooLong);
            return packed
                    ? ParsedRow.Staged.fact(row.line(), raw, (String) typed[patientColumn],
                            packer.pack(row.line(), DuplicateKey.fieldsText(row.raw(), values, profile.delimiter(), profile.quote()), raw, typed))
                    : ParsedRow.Staged.patient(row.line(), raw, hash(values), typed);
        } catch (RowRejection rejection) {
            return new ParsedRow.Rejected(row.line(), raw, rejection.getMessage());
        }
    }

    /** A reason if a text value is longer than its staging column holds, else null. */
    private String tooLong(Object[] typed) {
        for (int i = 0; i < typed.length; i++) {
            if (typed[i] instanceof String text) {
                int max = columns.get(i).maxLength();
                if (max > 0 && text.length() > max) {
                    String field = columns.get(i).name().replace("_original", "");
                    String column = layout.column(field);
                    return (column != null ? column : field) + " is " + text.length() + " characters long; at most " + max + " are accepted";
                }
            }
        }
        return null;
    }

    private static String printable(char c) {
        return c == '\t' ? "TAB" : String.valueOf(c);
    }

    /**
     * Identifies an exact duplicate patient row: 128 bits of SHA-256 over the row's fields, each in UTF-8 and
     * followed by a zero byte. The bytes are gathered in one buffer per thread (ASCII char to
     * byte in one pass, other text through its UTF-8 encoding) and hashed at once.
     */
    static byte[] hash(List<String> values) {
        HashInput input = HASH_INPUT.get();
        int size = 0;
        for (String v : values) {
            int n = v.length();
            if (size + n + 1 > input.bytes.length) input.bytes = java.util.Arrays.copyOf(input.bytes, Math.max(2 * input.bytes.length, size + n + 1));
            byte[] b = input.bytes;
            int i = 0;
            while (i < n) {
                char c = v.charAt(i);
                if (c >= 0x80) break;
                b[size + i] = (byte) c;
                i++;
            }
            if (i == n) {
                size += n;
            } else {
                byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                if (size + utf8.length + 1 > input.bytes.length) input.bytes = java.util.Arrays.copyOf(input.bytes, Math.max(2 * input.bytes.length, size + utf8.length + 1));
                System.arraycopy(utf8, 0, input.bytes, size, utf8.length);
                size += utf8.length;
            }
            input.bytes[size++] = 0;
        }
        input.digest.update(input.bytes, 0, size);
        return java.util.Arrays.copyOf(input.digest.digest(), 16); // digest() also resets it for the next row
    }

    /** One digest and byte buffer per thread, rather than looking the algorithm up for every row. */
    private static final class HashInput {
        final MessageDigest digest;
        byte[] bytes = new byte[1024];

        HashInput() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ThreadLocal<HashInput> HASH_INPUT = ThreadLocal.withInitial(HashInput::new);
}
