package org.registrytrialmatcher.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.rules.TrialDefinitionLoader;
import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.staging.SchemaDatabases;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The ranking of a referral list, ties included, on a real (in-memory) HSQLDB with the project's schema. */
class CandidateRankingTest {
    @Test
    void ranksByStatusThenOpenRulesThenNewestEvidenceThenPatientRef() throws Exception {
        SimpleDriverDataSource ds = new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(), "jdbc:hsqldb:mem:ranking" + System.nanoTime(), "SA", "");
        SchemaDatabases.migrate(ds);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        Object[][] rows = {
            // patient, status, status order, open rules, evidence date
            {"rheum:B", "POSSIBLE", 2, 1, "2026-11-01"},
            {"rheum:A", "POSSIBLE", 2, 1, "2026-11-01"},   // ties with B: patient_ref decides
            {"rheum:C", "POSSIBLE", 2, 1, "2026-11-20"},   // newer evidence first
            {"rheum:D", "POSSIBLE", 2, 0, "2020-01-01"},   // fewer open rules first
            {"rheum:E", "CANDIDATE", 1, 0, "2019-01-01"},  // CANDIDATE before any POSSIBLE
            {"rheum:F", "POSSIBLE", 2, 2, null},           // no evidence date: last among equals
            {"rheum:G", "POSSIBLE", 2, 2, "2025-01-01"},
            {"rheum:H", "EXCLUDED", 3, 0, "2026-11-24"},   // never listed
        };
        for (Object[] r : rows) {
            jdbc.update("INSERT INTO cohort_result (run_id, cohort, patient_ref, source_ids, age, sex, status, status_order, open_rules, open_count,"
                    + " evidence_date) VALUES (7, 'SLE_LN', ?, ?, 12, 'F', ?, ?, '', ?, ?)", r[0], r[0], r[1], r[2], r[3],
                    r[4] == null ? null : Date.valueOf((String) r[4]));
        }
        UcumUnits ucum = new UcumUnits();
        MeasureCatalogue catalogue = MeasureCatalogue.load(Path.of("jobs/analytes.yaml"), ucum);
        RunPlan plan = new RunPlan(LocalDate.of(2026, 11, 25), Path.of("jobs/rd06-05"), TrialDefinitionLoader.load(Path.of("jobs/rd06-05"), catalogue),
                List.of(), catalogue, Path.of("target/unused"));
        // Ranked in chunks of three, with a restart after the first: the second reader numbers on from where the first stopped.
        ExecutionContext saved = new ExecutionContext();
        CandidateRanking writer = new CandidateRanking(jdbc, plan, 7);
        writer.open(saved);
        ListedResultReader first = new ListedResultReader(ds, 7);
        first.open(saved);
        writer.write(new Chunk<>(List.of(first.read(), first.read(), first.read())));
        first.update(saved);
        first.close();
        ListedResultReader second = new ListedResultReader(ds, 7);
        second.open(saved);
        List<RankedResult> rest = new ArrayList<>();
        for (RankedResult r; (r = second.read()) != null; ) rest.add(r);
        second.close();
        assertThat(rest).extracting(RankedResult::rank).containsExactly(4L, 5L, 6L, 7L);
        writer.write(new Chunk<>(rest));

        assertThat(jdbc.queryForList("SELECT patient_ref FROM cohort_result WHERE run_id = 7 AND rank_no IS NOT NULL ORDER BY rank_no", String.class))
                .containsExactly("rheum:E", "rheum:D", "rheum:C", "rheum:A", "rheum:B", "rheum:G", "rheum:F");
        assertThat(jdbc.queryForList("SELECT rank_no FROM cohort_result WHERE patient_ref = 'rheum:H' AND rank_no IS NOT NULL", Integer.class)).isEmpty();
        assertThat(jdbc.queryForList("SELECT DISTINCT new_since_last FROM cohort_result WHERE rank_no IS NOT NULL", String.class))
                .as("no previous run: everyone listed is new").containsExactly("Y");
    }
}
