package org.registrytrialmatcher.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one synthetic export file in a registry's dialect and keeps count of its lines, so
 * that a planted fault can be recorded with the line a reader must report for it.
 */
final class ExportFileWriter implements AutoCloseable {
    private final OutputStream stream;
    private final BufferedWriter out;
    private final char delimiter;
    private final String lineEnd;
    private final String fileName;
    private long nextLine = 1;

    ExportFileWriter(Path file, char delimiter, String lineEnd, boolean byteOrderMark, List<String> header) {
        try {
            this.stream = Files.newOutputStream(file);
            if (byteOrderMark) stream.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.delimiter = delimiter;
        this.lineEnd = lineEnd;
        this.fileName = file.getFileName().toString();
        row(header.toArray(String[]::new));
    }

    String fileName() {
        return fileName;
    }

    /** Writes a row of fields, quoting where needed; returns the line the row starts on. */
    long row(String... fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) s.append(delimiter);
            s.append(quote(fields[i]));
        }
        return raw(s.toString());
    }

    /** Writes text as it is (a planted fault may not be valid CSV); returns its first line. */
    long raw(String text) {
        long line = nextLine;
        try {
            out.write(text);
            out.write(lineEnd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nextLine += 1 + text.chars().filter(c -> c == '\n').count();
        return line;
    }

    /** Writes bytes that are not valid UTF-8 inside an otherwise normal row; returns its line. */
    long rowWithLatin1(String before, String latin1, String after) {
        long line = nextLine;
        try {
            out.write(before);
            out.flush();
            stream.write(latin1.getBytes(StandardCharsets.ISO_8859_1));
            out.write(after);
            out.write(lineEnd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nextLine++;
        return line;
    }

    String join(String... fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) s.append(delimiter);
            s.append(quote(fields[i]));
        }
        return s.toString();
    }

    private String quote(String field) {
        if (field == null) return "";
        if (field.indexOf(delimiter) >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
