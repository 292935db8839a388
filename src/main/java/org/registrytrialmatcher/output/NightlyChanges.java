package org.registrytrialmatcher.output;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.derive.AgeWindowChange;
import org.registrytrialmatcher.staging.RecordedRules;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What changed since the previous completed run of the same trial: the children no longer
 * listed in a cohort, each with the rules whose outcome changed; and the children evaluated
 * tonight who will enter or leave the age window within the next 90 days.
 */
public record NightlyChanges(Long previousRunId, List<Dropped> dropped, List<AgeChange> ageChanges) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static final int AGE_LOOKAHEAD_DAYS = AgeWindowChange.LOOKAHEAD_DAYS;

    /** A child listed in a cohort last time and not tonight. */
    public record Dropped(String cohort, String patientRef, List<String> changes) {
    }

    /** A child who turns the minimum age (enters) or the upper age (leaves) within the look-ahead. */
    public record AgeChange(String patientRef, List<String> cohorts, String change, LocalDate on) {
    }

    public static NightlyChanges compute(JdbcTemplate jdbc, long runId) {
        List<Long> recorded = jdbc.query("SELECT previous_run_id FROM run_info WHERE run_id = ?", (rs, n) -> {
            long id = rs.getLong(1);
            return rs.wasNull() ? null : id;
        }, runId);
        Long previous = recorded.isEmpty() ? null : recorded.get(0);
        List<Dropped> dropped = new ArrayList<>();
        if (previous != null) {
            List<String[]> gone = jdbc.query("SELECT p.cohort, p.patient_ref FROM cohort_result p WHERE p.run_id = ? AND p.rank_no IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM cohort_result c WHERE c.run_id = ? AND c.cohort = p.cohort AND c.patient_ref = p.patient_ref"
                    + " AND c.rank_no IS NOT NULL) ORDER BY p.cohort, p.patient_ref", (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, previous, runId);
            for (String[] g : gone) {
                List<String> changes = new ArrayList<>();
                Integer evaluated = jdbc.queryForObject("SELECT COUNT(*) FROM cohort_result WHERE run_id = ? AND cohort = ? AND patient_ref = ?",
                        Integer.class, runId, g[0], g[1]);
                if (evaluated == 0) {
                    changes.add("no longer evaluated in " + g[0] + " (not in tonight's exports, or no longer an active diagnosis of the cohort)");
                } else {
                    changes.addAll(changedRules(rules(jdbc, previous, g[0], g[1]), rules(jdbc, runId, g[0], g[1])));
                }
                dropped.add(new Dropped(g[0], g[1], List.copyOf(changes)));
            }
        }
        // Each result carries the child's age-window change, worked out as the child was evaluated: only those with one are read.
        Map<String, AgeChange> changes = new LinkedHashMap<>();
        jdbc.query("SELECT patient_ref, cohort, age_change, age_change_on FROM cohort_result WHERE run_id = ? AND age_change_on IS NOT NULL"
                + " ORDER BY patient_ref, cohort", (RowCallbackHandler) rs -> {
                    String ref = rs.getString(1);
                    AgeChange existing = changes.get(ref);
                    List<String> cohorts = new ArrayList<>(existing == null ? List.of() : existing.cohorts());
                    cohorts.add(rs.getString(2));
                    changes.put(ref, new AgeChange(ref, List.copyOf(cohorts), rs.getString(3), rs.getDate(4).toLocalDate()));
                }, runId);
        return new NightlyChanges(previous, List.copyOf(dropped), List.copyOf(changes.values()));
    }

    /** The rules of a child in a cohort in one run, in rule order, as recorded (id, outcome, reason). */
    private static JsonNode rules(JdbcTemplate jdbc, long runId, String cohort, String patientRef) {
        String json = RecordedRules.rulesOf(jdbc, runId, cohort, patientRef);
        if (json == null) throw new IllegalStateException("run " + runId + " has a cohort result in " + cohort + " without its recorded rules");
        return JSON.readTree(json);
    }

    /** "RULE: previous → tonight, tonight's reason" for each rule whose outcome changed, in tonight's rule order. */
    static List<String> changedRules(JsonNode previous, JsonNode tonight) {
        Map<String, String> before = new LinkedHashMap<>();
        for (JsonNode rule : previous) before.put(rule.get("id").asString(), rule.get("outcome").asString());
        List<String> changed = new ArrayList<>();
        for (JsonNode rule : tonight) {
            String id = rule.get("id").asString();
            String was = before.get(id);
            String now = rule.get("outcome").asString();
            if (was != null && !was.equals(now)) changed.add(id + ": " + was + " \u2192 " + now + ", " + rule.get("reason").asString());
        }
        return changed;
    }
}
