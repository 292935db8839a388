package org.registrytrialmatcher.staging;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.registrytrialmatcher.source.RecordKind;

/**
 * The staged form of each kind of record: the columns every staged row has (run, source,
 * file, line, hash of its fields, raw text) and the typed columns of the kind. Patients are
 * staged one database row per record; the fact kinds are staged
 * as packets ({@link #packed()}, {@link StagedPacketCodec}) whose values follow
 * {@link #columns()}.
 */
public enum StagingTable {
    PATIENTS(RecordKind.PATIENTS, "stg_patient", "birth_date", List.of(
            col("patient_id", "VARCHAR(128)"), col("birth_date", "DATE"), col("sex", "CHAR(1)"),
            col("linkage_key", "VARCHAR(128)"), col("site", "VARCHAR(128)"), col("recontact_consent", "CHAR(1)"))),
    DIAGNOSES(RecordKind.DIAGNOSES, "stg_diagnosis", "onset_date", List.of(
            col("patient_id", "VARCHAR(128)"), col("icd10_code", "VARCHAR(16)"), col("description", "VARCHAR(1000)"),
            col("onset_date", "DATE"), col("status", "VARCHAR(16)"), col("resolved_date", "DATE"),
            col("classification", "VARCHAR(255)"))),
    LABS(RecordKind.LABS, "stg_lab", "lab_date", List.of(
            col("patient_id", "VARCHAR(128)"), col("lab_date", "DATE"), col("code", "VARCHAR(64)"),
            col("analyte", "VARCHAR(32)"), col("test_name", "VARCHAR(255)"),
            col("value_original", "VARCHAR(255)"), col("unit_original", "VARCHAR(64)"),
            col("value_form", "VARCHAR(16)"), col("comparator", "VARCHAR(2)"), col("value_num", "DOUBLE PRECISION"),
            col("value_text", "VARCHAR(32)"), col("unit", "VARCHAR(64)"), col("unit_factor", "DOUBLE PRECISION"),
            col("ref_low", "DOUBLE PRECISION"), col("ref_high", "DOUBLE PRECISION"))),
    MEDICATIONS(RecordKind.MEDICATIONS, "stg_medication", "start_date", List.of(
            col("patient_id", "VARCHAR(128)"), col("drug_name", "VARCHAR(255)"), col("atc_code", "VARCHAR(16)"),
            col("dose_original", "VARCHAR(64)"), col("dose_unit_original", "VARCHAR(32)"),
            col("dose", "DOUBLE PRECISION"), col("dose_unit", "VARCHAR(16)"), col("doses_per_day", "DOUBLE PRECISION"),
            col("start_date", "DATE"), col("stop_date", "DATE"), col("stop_reason", "VARCHAR(16)"))),
    OBSERVATIONS(RecordKind.OBSERVATIONS, "stg_observation", "obs_date", List.of(
            col("patient_id", "VARCHAR(128)"), col("obs_date", "DATE"), col("code", "VARCHAR(32)"),
            col("value_original", "VARCHAR(255)"), col("unit_original", "VARCHAR(64)"), col("value_form", "VARCHAR(16)"),
            col("value_num", "DOUBLE PRECISION"), col("value_text", "VARCHAR(32)"), col("unit", "VARCHAR(64)"),
            col("unit_factor", "DOUBLE PRECISION"))),
    BIOPSIES(RecordKind.BIOPSIES, "stg_biopsy", "biopsy_date", List.of(
            col("patient_id", "VARCHAR(128)"), col("biopsy_date", "DATE"), col("organ", "VARCHAR(16)"),
            col("diagnosis", "VARCHAR(1000)"), col("isn_rps_class", "VARCHAR(32)"), col("crescents_pct", "DOUBLE PRECISION")));

    /** The table of staged packets: the fact rows of one patient, file and chunk each (see StagedPacketCodec). */
    public static final String PACKETS = "stg_packet";

    /** A typed column of a staging table. */
    public record Column(String name, String sqlType, int maxLength) {
        Column(String name, String sqlType) {
            this(name, sqlType, maxLength(sqlType));
        }

        /** The longest text a column of this type holds, or -1 if it is not a text column. */
        private static int maxLength(String sqlType) {
            int open = sqlType.indexOf('(');
            if (!(sqlType.startsWith("VARCHAR") || sqlType.startsWith("CHAR")) || open < 0) return -1;
            return Integer.parseInt(sqlType.substring(open + 1, sqlType.indexOf(')')));
        }
    }

    /** Columns every staged row has, before the kind's own. */
    public static final List<Column> ROW_COLUMNS = List.of(
            col("run_id", "BIGINT NOT NULL"), col("src", "VARCHAR(64) NOT NULL"), col("file_name", "VARCHAR(255) NOT NULL"),
            col("line_no", "BIGINT NOT NULL"), col("row_hash", "CHAR(32) NOT NULL"), col("raw", "VARCHAR(4000)"));

    /** Longest raw text kept for a row; longer text is cut and marked. */
    public static final int RAW_LIMIT = 2000;

    private final RecordKind kind;
    private final String tableName;
    private final String mainDateColumn;
    private final List<Column> columns;

    StagingTable(RecordKind kind, String tableName, String mainDateColumn, List<Column> columns) {
        this.kind = kind;
        this.tableName = tableName;
        this.mainDateColumn = mainDateColumn;
        this.columns = columns;
    }

    private static Column col(String name, String type) {
        return new Column(name, type);
    }

    public RecordKind kind() { return kind; }

    public String tableName() { return tableName; }

    /** The date of the fact a row records (the birth date for patients). */
    public String mainDateColumn() { return mainDateColumn; }

    public List<Column> columns() { return columns; }

    /**
     * Whether rows of this kind are staged as packets in {@code stg_packet} (every fact kind)
     * rather than one database row per record (patients, which the set-wise checks and the
     * linker query).
     */
    public boolean packed() {
        return this != PATIENTS;
    }

    /** The position of a typed column in a staged row's values. */
    public int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) return i;
        }
        throw new IllegalArgumentException(tableName + " has no column " + column);
    }

    public static StagingTable of(RecordKind kind) {
        for (StagingTable t : values()) if (t.kind == kind) return t;
        throw new IllegalArgumentException(kind.name());
    }

    public String insertSql() {
        List<Column> all = Stream.concat(ROW_COLUMNS.stream(), columns.stream()).toList();
        return "INSERT INTO " + tableName + " (" + all.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") VALUES (" + all.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    /** Cuts raw text to {@link #RAW_LIMIT} characters, saying how much was left out. */
    public static String limitRaw(String raw) {
        if (raw == null || raw.length() <= RAW_LIMIT) return raw;
        return raw.substring(0, RAW_LIMIT) + "[... " + (raw.length() - RAW_LIMIT) + " more characters not shown]";
    }
}
