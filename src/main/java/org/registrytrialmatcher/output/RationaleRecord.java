package org.registrytrialmatcher.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line of rationale.jsonl: a patient evaluated in a cohort, whatever the status, with every
 * rule's outcome, reason and evidence ({@code source, file, line, date, original, normalised}).
 */
public record RationaleRecord(String patientRef, List<String> sourceIds, String cohort, String status, Integer rank, List<Rule> rules) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One rule of the record; {@code evidenceJson} is the evidence array as stored. */
    public record Rule(String id, String outcome, String reason, String evidenceJson) {
    }

    public String toJsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("patient_ref", patientRef);
        line.put("source_ids", sourceIds);
        line.put("cohort", cohort);
        line.put("status", status);
        line.put("rank", rank);
        List<Map<String, Object>> ruleList = new ArrayList<>();
        for (Rule r : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("outcome", r.outcome());
            m.put("reason", r.reason());
            m.put("evidence", JSON.readValue(r.evidenceJson(), JsonNode.class));
            ruleList.add(m);
        }
        line.put("rules", ruleList);
        return JSON.writeValueAsString(line);
    }
}
