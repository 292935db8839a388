package org.registrytrialmatcher.ingest;

/**
 * Thrown by a row mapper when a row cannot be loaded; the message is the reason written to
 * rejected.csv. It never leaves the row parser, so its text (which may quote the row) never
 * reaches a log or the batch tables. Carries no stack trace: it is control flow, not a bug.
 */
final class RowRejection extends RuntimeException {
    RowRejection(String reason) {
        super(reason, null, false, false);
    }
}
