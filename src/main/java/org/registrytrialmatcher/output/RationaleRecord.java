package org.registrytrialmatcher.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One line of rationale.jsonl: a patient evaluated in a cohort, whatever the status, with every
 * rule's outcome, reason and evidence ({@code source, file, line, date, original, normalised}).
 * {@code rulesJson} is the rules array as the evaluation recorded it, written out unchanged.
 */
public record RationaleRecord(String patientRef, List<String> sourceIds, String cohort, String status, Integer rank, String rulesJson) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public String toJsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("patient_ref", patientRef);
        line.put("source_ids", sourceIds);
        line.put("cohort", cohort);
        line.put("status", status);
        line.put("rank", rank);
        String head = JSON.writeValueAsString(line);
        return head.substring(0, head.length() - 1) + ",\"rules\":" + rulesJson + "}";
    }
}
