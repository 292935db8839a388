package org.registrytrialmatcher.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Outcome;

import tools.jackson.databind.json.JsonMapper;

/**
 * The rules of a rationale as the evaluation records them: the same JSON text a mapper writes
 * for the same rules (which rationale.jsonl of earlier runs holds, and which an auditor compares
 * across runs), whatever the text holds (quotes, backslashes, line breaks, control characters,
 * non-ASCII letters, missing values), with long evidence cut to its first 50 items.
 */
class RationaleJsonTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The rules as a mapper writes them: a list of maps in the recorded key order. */
    private static String mapperJson(List<RuleResult> rules) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RuleResult rule : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rule.ruleId());
            m.put("outcome", rule.outcome().name());
            m.put("reason", rule.reason());
            m.put("evidence", evidenceMaps(rule.evidence()));
            list.add(m);
        }
        return MAPPER.writeValueAsString(list);
    }

    private static List<Map<String, Object>> evidenceMaps(List<Evidence> evidence) {
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
        return list;
    }

    @Test
    void rulesAreRecordedAsTheMapperWritesThemWhateverTheirText() {
        List<RuleResult> rules = List.of(
                new RuleResult("INC-01", Outcome.MET, "age 14.7 y is within 6 to 17 y",
                        List.of(new Evidence("rheum", "patients.csv", 2, LocalDate.of(2012, 3, 1), "born 2012-03-01, sex F", null)), null),
                new RuleResult("INC-02", Outcome.UNKNOWN, "quote \" backslash \\ tab \t line\nbreak \r bell \u0007 Ø ü 水 \u2028 end",
                        List.of(new Evidence("nephro", "lab_results.csv", 9_000_000_001L, null, "creatinine \"<0,5\" mg/dL", "<0.5 mg/dL"),
                                new Evidence("nephro", "lab_results.csv", 3, LocalDate.of(2026, 1, 5), null, "")), "creatinine, none in the last 90 days"),
                new RuleResult("EXC-07", Outcome.NOT_APPLICABLE, "", List.of(), null));

        String recorded = EvaluationWriter.rulesJson(rules);

        assertThat(recorded).isEqualTo(mapperJson(rules));
        assertThat(MAPPER.readTree(recorded).get(1).get("reason").asString()).isEqualTo(rules.get(1).reason());
    }

    @Test
    void evidenceLongerThanAHundredThousandCharactersKeepsItsFirstFifty() {
        List<Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < 2000; i++) evidence.add(new Evidence("rheum", "labs.csv", i + 2, LocalDate.of(2026, 1, 1), "ESR " + i + " mm/h", i + " mm/h"));
        List<RuleResult> rules = List.of(new RuleResult("INC-05", Outcome.MET, "ESR raised", evidence, null));

        String recorded = EvaluationWriter.rulesJson(rules);

        assertThat(MAPPER.readTree(recorded).get(0).get("evidence")).hasSize(50);
        assertThat(recorded).isEqualTo(mapperJson(List.of(new RuleResult("INC-05", Outcome.MET, "ESR raised", evidence.subList(0, 50), null))));
        List<Evidence> fourHundred = evidence.subList(0, 400); // about 30 000 characters: kept whole
        assertThat(MAPPER.readTree(EvaluationWriter.rulesJson(List.of(new RuleResult("INC-05", Outcome.MET, "ESR raised", fourHundred, null))))
                .get(0).get("evidence")).hasSize(400);
    }
}
