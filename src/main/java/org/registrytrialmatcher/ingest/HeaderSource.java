package org.registrytrialmatcher.ingest;

/** Where the row parser learns the checked header of the file it parses (the file's reader). */
@FunctionalInterface
public interface HeaderSource {
    ExportHeader header();
}
