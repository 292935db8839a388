package org.registrytrialmatcher.evaluate;

import java.io.StringWriter;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.staging.RecordedRules;
import org.registrytrialmatcher.staging.SafeBatch;
import org.registrytrialmatcher.staging.StagedRowRejection;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each patient's cohort results to {@code cohort_result}, each with its rule results as
 * one JSON document (the rationale of the decision, as it will be shown) to
 * {@code cohort_rules}, and
 * the staged rows rejected while reading the patient to {@code ingest_reject}, in the chunk's
 * transaction. One row per child and cohort, not one per rule: the embedded database's
 * per-row cost was most of the evaluation step.
 */
public class EvaluationWriter implements ItemWriter<PatientEvaluation> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final long runId;

    public EvaluationWriter(JdbcTemplate jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends PatientEvaluation> chunk) {
        List<Object[]> cohorts = new ArrayList<>();
        List<Object[]> rationales = new ArrayList<>();
        List<StagedRowRejection> rejections = new ArrayList<>();
        for (PatientEvaluation patient : chunk) {
            rejections.addAll(patient.rejections());
            for (CohortResult r : patient.results()) {
                cohorts.add(new Object[] {runId, r.cohort(), r.patientRef(), String.join("|", r.sourceIds()), r.age(), r.sex(), r.status().name(),
                        statusOrder(r.status()), String.join(";", r.openRules()), r.openRules().size(),
                        r.evidenceDate() == null ? null : Date.valueOf(r.evidenceDate()),
                        r.ageChange() == null ? null : r.ageChange().change(), r.ageChange() == null ? null : Date.valueOf(r.ageChange().on())});
                rationales.add(new Object[] {runId, r.patientRef(), r.cohort(), RecordedRules.bytes(rulesJson(r.rules())),
                        RecordedRules.bytes(toSettleJson(r.rules()))});
            }
        }
        SafeBatch.update(jdbc, "INSERT INTO cohort_result (run_id, cohort, patient_ref, source_ids, age, sex, status, status_order, open_rules,"
                + " open_count, evidence_date, age_change, age_change_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cohorts, "cohort_result");
        SafeBatch.update(jdbc, "INSERT INTO " + RecordedRules.TABLE + " (run_id, patient_ref, cohort, rules, to_settle) VALUES (?, ?, ?, ?, ?)",
                rationales, RecordedRules.TABLE);
        StagedRowRejection.insert(jdbc, runId, rejections);
    }

    /**
     * Every rule's id, outcome, reason and evidence, in rule order: the "rules" of a rationale.jsonl
     * line. Written through one generator rather than a mapper call per string; the same text
     * as the mapper writes.
     */
    static String rulesJson(List<RuleResult> rules) {
        StringWriter out = new StringWriter(256 * rules.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (RuleResult rule : rules) {
                json.writeStartObject();
                string(json, "id", rule.ruleId());
                string(json, "outcome", rule.outcome().name());
                string(json, "reason", limit(rule.reason(), 20000));
                json.writeName("evidence");
                json.writeRawValue(evidenceJson(rule.evidence()));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return out.toString();
    }

    /** For each rule in rule order, what would settle it, or null. */
    static String toSettleJson(List<RuleResult> rules) {
        List<String> settle = new ArrayList<>(rules.size());
        for (RuleResult rule : rules) settle.add(rule.toSettle() == null ? null : limit(rule.toSettle(), 2000));
        return JSON.writeValueAsString(settle);
    }

    static int statusOrder(CohortStatus status) {
        return switch (status) {
            case CANDIDATE -> 1;
            case POSSIBLE -> 2;
            case EXCLUDED -> 3;
        };
    }

    /** The evidence of a rule; its first 50 items if all of it would be longer than 100 000 characters. */
    static String evidenceJson(List<Evidence> evidence) {
        String json = evidenceArray(evidence);
        return json.length() <= 100000 ? json : evidenceArray(evidence.subList(0, 50));
    }

    private static String evidenceArray(List<Evidence> evidence) {
        StringWriter out = new StringWriter(160 * evidence.size() + 2);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (Evidence e : evidence) {
                json.writeStartObject();
                string(json, "source", e.source());
                string(json, "file", e.file());
                json.writeNumberProperty("line", e.line());
                string(json, "date", e.date() == null ? null : e.date().toString());
                string(json, "original", e.original());
                string(json, "normalised", e.normalised());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return out.toString();
    }

    private static void string(JsonGenerator json, String name, String value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    private static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
