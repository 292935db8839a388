package org.registrytrialmatcher.ingest;

/**
 * An export file cannot be read at all: it is missing, or its header is not the one the
 * source profile expects. Fails the run; the message names the file and what was expected,
 * never the content of a row.
 */
public class ExportFileException extends RuntimeException {
    public ExportFileException(String message) {
        super(message);
    }
}
