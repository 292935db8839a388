package org.registrytrialmatcher.staging;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.run.SourceExport;

/**
 * The cross-row checks on the fact records of one loaded patient in one export file, applied to
 * the staged rows in line order as the patient is read for evaluation: an exact duplicate of an
 * earlier line is dropped, and a row dated before the patient's birth is rejected, so a rejected
 * row is never evaluated. (A row whose patient ID has no loaded patient row is never staged.)
 * Memory: the duplicate keys (mostly the raw text) of one patient's rows in one file.
 */
public final class StagedRowScreen {
    /** Date columns of each fact kind, in the order they are checked, with the profile field they come from. */
    private static final Map<StagingTable, List<String[]>> DATE_COLUMNS = Map.of(
            StagingTable.DIAGNOSES, List.of(new String[] {"onset_date", "onset_date"}, new String[] {"resolved_date", "resolved_date"}),
            StagingTable.LABS, List.<String[]>of(new String[] {"lab_date", "date"}),
            StagingTable.MEDICATIONS, List.of(new String[] {"start_date", "start_date"}, new String[] {"stop_date", "stop_date"}),
            StagingTable.OBSERVATIONS, List.<String[]>of(new String[] {"obs_date", "date"}),
            StagingTable.BIOPSIES, List.<String[]>of(new String[] {"biopsy_date", "date"}));

    private final SourceExport source;
    private final StagingTable table;
    private final LocalDate birthDate;
    private final Map<String, Long> firstLineByKey = new HashMap<>();
    private final List<int[]> dateChecks = new ArrayList<>();
    private final List<String> dateColumnNames = new ArrayList<>();

    private StagedRowScreen(SourceExport source, StagingTable table, LocalDate birthDate) {
        this.source = source;
        this.table = table;
        this.birthDate = birthDate;
        for (String[] date : DATE_COLUMNS.getOrDefault(table, List.of())) {
            String column = source.profile().file(table.kind()).column(date[1]);
            if (column == null) continue;
            dateChecks.add(new int[] {table.index(date[0])});
            dateColumnNames.add(column);
        }
    }

    /** The screen for the rows of a loaded patient, born on {@code birthDate}. */
    public static StagedRowScreen forPatient(SourceExport source, StagingTable table, LocalDate birthDate) {
        return new StagedRowScreen(source, table, birthDate);
    }

    /** Null if the row is loaded; else why it is not. Rows must come in line order. */
    public StagedRowRejection check(StagedRow row) {
        Long first = firstLineByKey.putIfAbsent(row.duplicateKey(), row.line());
        if (first != null) {
            return rejection(row, "DUPLICATE", "exact duplicate of line " + first + "; dropped");
        }
        for (int i = 0; i < dateChecks.size(); i++) {
            Object date = row.values()[dateChecks.get(i)[0]];
            if (date instanceof LocalDate d && birthDate != null && d.isBefore(birthDate)) {
                return rejection(row, "REJECTED", dateColumnNames.get(i) + " is before the patient's birth date");
            }
        }
        return null;
    }

    private StagedRowRejection rejection(StagedRow row, String category, String reason) {
        return new StagedRowRejection(source.name(), source.order(), row.file(), table.kind().ordinal(), row.line(), category, reason, row.raw());
    }
}
