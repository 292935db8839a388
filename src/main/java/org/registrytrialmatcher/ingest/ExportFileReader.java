package org.registrytrialmatcher.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.registrytrialmatcher.source.SourceProfile;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one export file exactly as it comes, with commons-csv in the profile's dialect:
 * each record with the line it starts on and its raw text. A byte-order mark is skipped;
 * bytes that are not valid in the file's encoding are kept as {@link #INVALID_CHAR} so the
 * row can be rejected with a reason. When the CSV cannot be parsed past some point (an
 * unterminated quote), the rest of the file becomes one unreadable record and the file ends.
 *
 * <p>Restartable: the number of records handed out is saved at every commit, and a restart
 * re-parses the file up to that record. Memory holds one record and the parser's read-ahead.
 */
public class ExportFileReader implements ItemStreamReader<ExportRow>, HeaderSource {
    /** Stands in for bytes that could not be decoded; never valid in an export. */
    public static final char INVALID_CHAR = '\uFFFF';
    static final String EMITTED_KEY = "records.emitted";

    private final String source;
    private final SourceProfile profile;
    private final SourceProfile.FileLayout layout;
    private final Path file;

    private CharWindowReader window;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    private ExportHeader header;
    private long emitted;
    private long linesConsumed;      // line breaks consumed by the parser through the last record
    private long nextRecordStart;    // character position where the next record starts
    private boolean finished;
    private boolean probed;
    private boolean more;
    private RuntimeException failure;

    public ExportFileReader(String source, SourceProfile profile, SourceProfile.FileLayout layout, Path file) {
        this.source = source;
        this.profile = profile;
        this.layout = layout;
        this.file = file;
    }

    @Override
    public ExportHeader header() {
        return header;
    }

    /** Records handed out so far: the file's "rows read". */
    public long emitted() {
        return emitted;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            skipByteOrderMark(in);
            CharsetDecoder decoder = profile.encoding().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith(String.valueOf(INVALID_CHAR));
            window = new CharWindowReader(new InputStreamReader(in, decoder));
            parser = CSVParser.builder().setReader(window).setFormat(csvFormat(profile)).get();
            records = parser.iterator();
        } catch (NoSuchFileException e) {
            throw new ExportFileException(source + ": " + layout.fileName() + ": file not found in " + file.getParent());
        } catch (IOException e) {
            throw new ExportFileException(source + ": " + layout.fileName() + ": cannot be opened (" + e.getClass().getSimpleName() + ")");
        }
        ExportRow headerRow = next();
        if (headerRow == null || headerRow.unreadable() != null) {
            throw new ExportFileException(source + ": " + layout.fileName() + ": "
                    + (headerRow == null ? "the file is empty" : "the first line cannot be read as CSV")
                    + "; expected a header with columns " + String.join(",", layout.expectedColumns()));
        }
        header = ExportHeader.check(source, layout, headerRow.fields());
        long toSkip = context.getLong(EMITTED_KEY, 0L);
        for (long i = 0; i < toSkip; i++) {
            if (read() == null) break;
        }
    }

    static CSVFormat csvFormat(SourceProfile profile) {
        return CSVFormat.Builder.create(CSVFormat.RFC4180)
                .setDelimiter(profile.delimiter())
                .setQuote(profile.quote())
                .setIgnoreEmptyLines(false)
                .setRecordSeparator("\n")
                .get();
    }

    @Override
    public ExportRow read() {
        ExportRow row = next();
        if (row != null) emitted++;
        return row;
    }

    private ExportRow next() {
        if (finished) return null;
        long startLine = linesConsumed + 1;
        if (failure == null && !probed) probe();
        if (failure != null) {
            finished = true;
            String rest = window.text(nextRecordStart, -1);
            long lines = countLineBreaks(rest, rest.length()) + (rest.endsWith("\n") || rest.endsWith("\r") || rest.isEmpty() ? 0 : 1);
            return ExportRow.unreadable(startLine, stripLineEnd(rest),
                    "cannot be read as CSV from this line to the end of the file (" + lines + " line(s)): "
                            + describe(failure) + "; nothing after it was loaded");
        }
        if (!more) {
            finished = true;
            return null;
        }
        CSVRecord record = records.next();
        long linesAfter = parser.getCurrentLineNumber();
        long start = record.getCharacterPosition();
        probe();
        // A record followed by another ended with a line break: cut it after the breaks it
        // consumed. The last record runs to the end of the file.
        long end = more || failure != null
                ? window.afterLines(start, linesAfter - linesConsumed)
                : window.position();
        String raw = window.textWithoutLineEnd(start, end);
        linesConsumed = linesAfter;
        nextRecordStart = end;
        window.release(nextRecordStart);
        // the record's own array, viewed read-only: CSVRecord.toList() streams it into a new list, a measurable share of reading
        return ExportRow.parsed(startLine, Collections.unmodifiableList(Arrays.asList(record.values())), raw);
    }

    /** Parses ahead to learn whether another record follows (or where the CSV breaks). */
    private void probe() {
        probed = true;
        try {
            more = records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            failure = e;
            more = false;
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        if (message.contains("EOF reached before encapsulated token finished")) return "a quoted field is never closed";
        if (message.contains("invalid char between encapsulated token and delimiter")) return "text follows a closing quote before the next delimiter";
        return "the CSV parser stopped";
    }

    static long countLineBreaks(String text, int upTo) {
        long n = 0;
        for (int i = 0; i < upTo; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= upTo || text.charAt(i + 1) != '\n'))) n++;
        }
        return n;
    }

    private static String stripLineEnd(String text) {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') end--;
        if (end > 0 && text.charAt(end - 1) == '\r') end--;
        return text.substring(0, end);
    }

    private static void skipByteOrderMark(InputStream in) throws IOException {
        in.mark(3);
        byte[] bom = in.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(EMITTED_KEY, emitted);
    }

    @Override
    public void close() {
        try {
            if (parser != null) parser.close();
        } catch (IOException e) {
            throw new ItemStreamException("cannot close " + layout.fileName(), e);
        } finally {
            parser = null;
        }
    }

    public List<String> ignoredColumns() {
        return header == null ? List.of() : header.ignoredColumns();
    }
}
