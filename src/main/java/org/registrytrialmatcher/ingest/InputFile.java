package org.registrytrialmatcher.ingest;

import java.nio.file.Path;

import org.registrytrialmatcher.source.RecordKind;

/** One export file of one source in a run, in the order its rows are reported. */
public record InputFile(String source, int sourceOrder, RecordKind kind, String fileName, Path path) {
    public int fileOrder() {
        return kind.ordinal();
    }
}
