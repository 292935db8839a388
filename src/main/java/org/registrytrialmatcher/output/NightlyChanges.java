package org.registrytrialmatcher.output;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.registrytrialmatcher.run.RunPlan;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What changed since the previous completed run of the same trial: the children no longer
 * listed in a cohort, each with the rules whose outcome changed; and the children evaluated
 * tonight who will enter or leave the age window within the next 90 days.
 */
public record NightlyChanges(Long previousRunId, List<Dropped> dropped, List<AgeChange> ageChanges) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static final int AGE_LOOKAHEAD_DAYS = 90;

    /** A child listed in a cohort last time and not tonight. */
    public record Dropped(String cohort, String patientRef, List<String> changes) {
    }

    /** A child who turns the minimum age (enters) or the upper age (leaves) within the look-ahead. */
    public record AgeChange(String patientRef, List<String> cohorts, String change, LocalDate on) {
    }

    public static NightlyChanges compute(JdbcTemplate jdbc, RunPlan plan, long runId, int minAge, int belowAge) {
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
        LocalDate today = plan.runDate();
        LocalDate horizon = today.plusDays(AGE_LOOKAHEAD_DAYS);
        Map<String, AgeChange> changes = new LinkedHashMap<>();
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(1000); // every evaluated child: PostgreSQL otherwise reads them all into memory first
        streaming.query("SELECT c.patient_ref, c.cohort, p.birth_date FROM cohort_result c"
                + " JOIN patient_link l ON l.run_id = c.run_id AND l.patient_ref = c.patient_ref AND l.src || ':' || l.patient_id = c.patient_ref"
                + " JOIN stg_patient p ON p.run_id = l.run_id AND p.src = l.src AND p.patient_id = l.patient_id"
                + " WHERE c.run_id = ? ORDER BY c.patient_ref, c.cohort", rs -> {
                    LocalDate birth = rs.getDate(3).toLocalDate();
                    String ref = rs.getString(1);
                    for (int[] age : new int[][] {{minAge, 1}, {belowAge, 0}}) {
                        LocalDate birthday = birth.plusYears(age[0]);
                        if (birthday.isAfter(today) && !birthday.isAfter(horizon)) {
                            AgeChange existing = changes.get(ref);
                            List<String> cohorts = new ArrayList<>(existing == null ? List.of() : existing.cohorts());
                            cohorts.add(rs.getString(2));
                            changes.put(ref, new AgeChange(ref, List.copyOf(cohorts),
                                    age[1] == 1 ? "enters the age window (turns " + age[0] + ")" : "leaves the age window (turns " + age[0] + ")", birthday));
                        }
                    }
                }, runId);
        return new NightlyChanges(previous, List.copyOf(dropped), List.copyOf(changes.values()));
    }

    /** The rules of a child in a cohort in one run, in rule order, as recorded (id, outcome, reason). */
    private static JsonNode rules(JdbcTemplate jdbc, long runId, String cohort, String patientRef) {
        return JSON.readTree(jdbc.queryForObject("SELECT rules_json FROM cohort_rationale WHERE run_id = ? AND cohort = ? AND patient_ref = ?",
                String.class, runId, cohort, patientRef));
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
