package org.registrytrialmatcher.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** rejected.csv of a run, parsed back as a spreadsheet would: one list of cells per row, header excluded. */
public final class RejectedCsv {
    private RejectedCsv() {
    }

    public static List<List<String>> read(Path out) throws IOException {
        try (Reader reader = Files.newBufferedReader(out.resolve("rejected.csv"));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) rows.add(record.toList());
            if (!rows.isEmpty() && !rows.get(0).equals(List.of("source", "file", "line", "reason", "raw"))) {
                throw new IllegalStateException("rejected.csv header is " + rows.get(0));
            }
            return rows.isEmpty() ? rows : rows.subList(1, rows.size());
        }
    }
}
