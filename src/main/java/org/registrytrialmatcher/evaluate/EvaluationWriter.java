package org.registrytrialmatcher.evaluate;

import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.staging.SafeBatch;
import org.registrytrialmatcher.staging.StagedRowRejection;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each patient's cohort results and rule results to {@code cohort_result} and
 * {@code rule_result}, and the staged rows rejected while reading the patient to
 * {@code ingest_reject}, in the chunk's transaction.
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
        List<Object[]> rules = new ArrayList<>();
        List<StagedRowRejection> rejections = new ArrayList<>();
        for (PatientEvaluation patient : chunk) {
            rejections.addAll(patient.rejections());
            for (CohortResult r : patient.results()) {
                cohorts.add(new Object[] {runId, r.cohort(), r.patientRef(), String.join("|", r.sourceIds()), r.age(), r.sex(), r.status().name(),
                        statusOrder(r.status()), String.join(";", r.openRules()), r.openRules().size(),
                        r.evidenceDate() == null ? null : Date.valueOf(r.evidenceDate())});
                int seq = 0;
                for (RuleResult rule : r.rules()) {
                    rules.add(new Object[] {runId, r.cohort(), r.patientRef(), seq++, rule.ruleId(), rule.outcome().name(),
                            limit(rule.reason(), 20000), evidenceJson(rule.evidence()), rule.toSettle() == null ? null : limit(rule.toSettle(), 2000)});
                }
            }
        }
        SafeBatch.update(jdbc, "INSERT INTO cohort_result (run_id, cohort, patient_ref, source_ids, age, sex, status, status_order, open_rules,"
                + " open_count, evidence_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cohorts, "cohort_result");
        SafeBatch.update(jdbc, "INSERT INTO rule_result (run_id, cohort, patient_ref, rule_seq, rule_id, outcome, reason, evidence, to_settle)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rules, "rule_result");
        StagedRowRejection.insert(jdbc, runId, rejections);
    }

    static int statusOrder(CohortStatus status) {
        return switch (status) {
            case CANDIDATE -> 1;
            case POSSIBLE -> 2;
            case EXCLUDED -> 3;
        };
    }

    static String evidenceJson(List<Evidence> evidence) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Evidence e : evidence) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", e.source());
            m.put("file", e.file());
            m.put("line", e.line());
            m.put("date", e.date() == null ? null : e.date().toString());
            m.put("original", e.original());
            m.put("normalised", e.normalised());
            list.add(m);
        }
        String json = JSON.writeValueAsString(list);
        return json.length() <= 100000 ? json : JSON.writeValueAsString(list.subList(0, 50));
    }

    private static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
