package org.registrytrialmatcher.source;

import java.util.List;

/**
 * The kinds of record an export holds, each with the fields the pipeline reads from it.
 * A source profile maps every field to a column of one export file.
 */
public enum RecordKind {
    PATIENTS("patients", List.of(
            Field.required("patient_id"), Field.required("birth_date"), Field.required("sex"),
            Field.optional("linkage_key"), Field.optional("site"), Field.optional("recontact_consent"))),
    DIAGNOSES("diagnoses", List.of(
            Field.required("patient_id"), Field.required("icd10_code"), Field.optional("description"),
            Field.optional("onset_date"), Field.optional("status"), Field.optional("resolved_date"),
            Field.optional("classification"))),
    LABS("labs", List.of(
            Field.required("patient_id"), Field.required("date"), Field.required("code"),
            Field.optional("test_name"), Field.required("value"), Field.required("unit"),
            Field.optional("ref_low"), Field.optional("ref_high"))),
    MEDICATIONS("medications", List.of(
            Field.required("patient_id"), Field.required("drug_name"), Field.required("atc_code"),
            Field.required("dose"), Field.required("dose_unit"), Field.optional("doses_per_day"),
            Field.required("start_date"), Field.required("stop_date"), Field.optional("stop_reason"))),
    OBSERVATIONS("observations", List.of(
            Field.required("patient_id"), Field.required("date"), Field.required("code"),
            Field.required("value"), Field.optional("unit"))),
    BIOPSIES("biopsies", List.of(
            Field.required("patient_id"), Field.required("date"), Field.required("organ"),
            Field.optional("diagnosis"), Field.optional("isn_rps_class"), Field.optional("crescents_pct")));

    /**
     * A field of a record kind. "Required" means the profile must name a column for it;
     * whether a value may be empty is decided by the row parser of the kind.
     */
    public record Field(String name, boolean mappingRequired) {
        static Field required(String name) { return new Field(name, true); }
        static Field optional(String name) { return new Field(name, false); }
    }

    private final String key;
    private final List<Field> fields;

    RecordKind(String key, List<Field> fields) {
        this.key = key;
        this.fields = fields;
    }

    /** The name of this kind in a source profile ({@code files: patients: ...}). */
    public String key() { return key; }

    public List<Field> fields() { return fields; }

    public static RecordKind fromKey(String key) {
        for (RecordKind kind : values()) {
            if (kind.key.equals(key)) return kind;
        }
        return null;
    }
}
