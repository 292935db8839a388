package org.registrytrialmatcher.output;

/** One line of rejected.csv. */
public record RejectedRow(String source, String file, long line, String reason, String raw) {

    public String toCsvLine() {
        return CsvCells.line(CsvCells.text(source), CsvCells.text(file), line, CsvCells.text(reason), CsvCells.text(raw));
    }
}
