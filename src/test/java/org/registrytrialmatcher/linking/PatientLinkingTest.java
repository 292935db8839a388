package org.registrytrialmatcher.linking;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.staging.SchemaDatabases;
import org.registrytrialmatcher.staging.StagingTable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The linker's reader, decider and writer on a real (in-memory) HSQLDB with the project's
 * schema: who is linked, who conflicts and why, how children are numbered, and that a restart
 * after a committed chunk ends with exactly what an uninterrupted run writes.
 */
class PatientLinkingTest {
    private SimpleDriverDataSource ds;
    private JdbcTemplate jdbc;

    @BeforeEach
    void staged() throws Exception {
        ds = new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(), "jdbc:hsqldb:mem:linking" + System.nanoTime(), "SA", "");
        SchemaDatabases.migrate(ds);
        jdbc = new JdbcTemplate(ds);
        for (long run : new long[] {1, 2}) {
            file(run, "rheum", 1, "patients.csv");
            file(run, "nephro", 2, "subjects.csv");
            patient(run, "nephro", "subjects.csv", "N1", "2012-03-04", "F", "LK-1");   // linked with R1: the rheum ref wins (first source)
            patient(run, "rheum", "patients.csv", "R1", "2012-03-04", "F", "LK-1");
            patient(run, "rheum", "patients.csv", "R2", "2013-01-01", "M", "LK-2");    // birth dates differ: kept apart
            patient(run, "nephro", "subjects.csv", "N2", "2013-01-02", "M", "LK-2");
            patient(run, "rheum", "patients.csv", "R3", "2010-05-05", "F", "LK-3");    // one key twice in one registry
            patient(run, "rheum", "patients.csv", "R4", "2010-05-05", "F", "LK-3");
            patient(run, "rheum", "patients.csv", "R5", "2011-01-01", "M", null);      // no key: alone
            patient(run, "nephro", "subjects.csv", "N5", "2011-01-01", "M", null);
            patient(run, "nephro", "subjects.csv", "N6", "2009-09-09", "F", "LK-6");   // a key no one else has
        }
    }

    private void file(long run, String src, int order, String name) {
        jdbc.update("INSERT INTO input_file (run_id, src, src_order, kind, file_order, file_name, sha256, size_bytes) VALUES (?, ?, ?, 'patients', 0, ?, ?, 0)",
                run, src, order, name, "0".repeat(64));
    }

    private int line = 1;

    private void patient(long run, String src, String file, String id, String birth, String sex, String key) {
        jdbc.update(StagingTable.PATIENTS.insertSql(), run, src, file, ++line, "h" + line, "raw", id, Date.valueOf(birth), sex, key, "site", "Y");
    }

    /** Links run {@code run} in chunks of {@code chunk} groups; with {@code crashAfter} >= 0, stops after that many commits and restarts. */
    private void link(long run, int chunk, int crashAfter) throws Exception {
        ExecutionContext committed = new ExecutionContext();
        int commits = 0;
        boolean restarted = crashAfter < 0;
        while (true) {
            LinkageGroupReader reader = new LinkageGroupReader(ds, run);
            PatientLinkWriter writer = new PatientLinkWriter(jdbc, run);
            ExecutionContext context = new ExecutionContext(committed);
            reader.open(context);
            writer.open(context);
            boolean crashed = false;
            try {
                while (true) {
                    List<LinkDecision> items = new ArrayList<>();
                    for (LinkageGroup g; items.size() < chunk && (g = reader.read()) != null; ) items.add(new LinkageDecider().process(g));
                    if (items.isEmpty()) break;
                    writer.write(new Chunk<>(items));
                    reader.update(context);
                    writer.update(context);
                    committed = new ExecutionContext(context);
                    if (!restarted && ++commits == crashAfter) {
                        crashed = true;
                        // the next chunk is read (and lost) before the "crash"
                        reader.read();
                        break;
                    }
                }
            } finally {
                reader.close();
            }
            if (!crashed) return;
            restarted = true;
        }
    }

    private List<String> links(long run) {
        return jdbc.queryForList("SELECT src || ':' || patient_id || ' -> ' || patient_ref || ' ' || link_status FROM patient_link WHERE run_id = ?"
                + " ORDER BY src, patient_id", String.class, run);
    }

    private List<String> children(long run) {
        return jdbc.queryForList("SELECT child_no || ' ' || patient_ref FROM child WHERE run_id = ? ORDER BY child_no", String.class, run);
    }

    private List<String> conflicts(long run) {
        return jdbc.queryForList("SELECT patient_refs || ': ' || reason FROM link_conflict WHERE run_id = ? ORDER BY patient_refs", String.class, run);
    }

    @Test
    void linksAgreeingRecordsAcrossRegistriesAndKeepsConflictsApart() throws Exception {
        link(1, 100, -1);

        assertThat(links(1)).containsExactly(
                "nephro:N1 -> rheum:R1 LINKED", "nephro:N2 -> nephro:N2 CONFLICT", "nephro:N5 -> nephro:N5 SINGLE", "nephro:N6 -> nephro:N6 SINGLE",
                "rheum:R1 -> rheum:R1 LINKED", "rheum:R2 -> rheum:R2 CONFLICT", "rheum:R3 -> rheum:R3 CONFLICT", "rheum:R4 -> rheum:R4 CONFLICT",
                "rheum:R5 -> rheum:R5 SINGLE");
        assertThat(conflicts(1)).containsExactly(
                "rheum:R2|nephro:N2: same linkage key, not merged: birth dates differ",
                "rheum:R3|rheum:R4: same linkage key, not merged: linkage key used more than once within one registry");
        // Every child once, numbered 1..n without a gap; a linked child is one child.
        List<String> children = children(1);
        assertThat(children).hasSize(8);
        assertThat(children).extracting(c -> c.substring(c.indexOf(' ') + 1))
                .containsExactlyInAnyOrder("rheum:R1", "rheum:R2", "nephro:N2", "rheum:R3", "rheum:R4", "rheum:R5", "nephro:N5", "nephro:N6");
        for (int i = 0; i < children.size(); i++) assertThat(children.get(i)).startsWith((i + 1) + " ");
    }

    @Test
    void aRestartAfterACommittedChunkEndsWithWhatAnUninterruptedRunWrites() throws Exception {
        link(1, 2, -1);
        link(2, 2, 2);

        assertThat(links(2)).isEqualTo(links(1));
        assertThat(children(2)).isEqualTo(children(1));
        assertThat(conflicts(2)).isEqualTo(conflicts(1));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM link_conflict WHERE run_id = 2", Integer.class)).isEqualTo(2);
    }
}
