package org.registrytrialmatcher.linking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.registrytrialmatcher.staging.TableStatistics;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Decides who is one child. Every loaded patient starts as their own patient
 * ({@code PROFILE:ID}). Records sharing a non-empty linkage key are one child when they come
 * from different sources and agree on birth date and sex: all take the reference of the
 * first source in {@code --source} order. Otherwise they stay apart and the conflict is
 * recorded (naming the patients and what disagrees, never the values). Streams one linkage
 * key at a time; all in one transaction. Last, numbers the children 1..n in order of
 * reference, so that later steps can split them into ranges without naming a patient.
 */
public class PatientLinker implements Tasklet {
    static final String LINKED = "LINKED";
    static final String CONFLICT = "CONFLICT";

    private final JdbcTemplate jdbc;
    private final long runId;

    public PatientLinker(JdbcTemplate jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    private record Member(String key, String source, int sourceOrder, String patientId, Object birthDate, String sex) {
        String ref() {
            return source + ":" + patientId;
        }
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        jdbc.update("DELETE FROM patient_link WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM link_conflict WHERE run_id = ?", runId);
        jdbc.update("INSERT INTO patient_link (run_id, src, src_order, patient_id, patient_ref, link_status)"
                + " SELECT p.run_id, p.src, f.src_order, p.patient_id, p.src || ':' || p.patient_id, 'SINGLE'"
                + " FROM stg_patient p JOIN input_file f ON f.run_id = p.run_id AND f.src = p.src AND f.file_name = p.file_name"
                + " WHERE p.run_id = ?", runId);

        TableStatistics.refresh(jdbc, "patient_link");
        List<Object[]> linkUpdates = new ArrayList<>();
        List<Object[]> conflicts = new ArrayList<>();
        List<Member> group = new ArrayList<>();
        RowCallbackHandler handler = new RowCallbackHandler() {
            @Override
            public void processRow(ResultSet rs) throws SQLException {
                Member m = new Member(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getObject(5), rs.getString(6));
                if (!group.isEmpty() && !group.get(0).key().equals(m.key())) {
                    if (group.size() > 1) decide(group, linkUpdates, conflicts);
                    group.clear();
                    if (linkUpdates.size() >= 1000) flush(linkUpdates);
                }
                group.add(m);
            }
        };
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(1000);
        // Every patient with a linkage key, in key order (the key index): keys shared by several are decided a group at a time.
        streaming.query("SELECT p.linkage_key, p.src, l.src_order, p.patient_id, p.birth_date, p.sex FROM stg_patient p"
                + " JOIN patient_link l ON l.run_id = p.run_id AND l.src = p.src AND l.patient_id = p.patient_id"
                + " WHERE p.run_id = ? AND p.linkage_key IS NOT NULL ORDER BY p.linkage_key", handler, runId);
        if (group.size() > 1) decide(group, linkUpdates, conflicts);

        flush(linkUpdates);
        jdbc.batchUpdate("INSERT INTO link_conflict (run_id, conflict_no, patient_refs, reason) VALUES (?, ?, ?, ?)", conflicts);
        numberChildren();
        TableStatistics.refresh(jdbc, "patient_link", "child");
        return RepeatStatus.FINISHED;
    }

    /** Numbers the run's children 1..n in order of patient reference (the ranges evaluation is partitioned by). */
    private void numberChildren() {
        jdbc.update("DELETE FROM child WHERE run_id = ?", runId);
        List<Object[]> children = new ArrayList<>();
        long[] number = {0};
        String[] last = {null};
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(1000);
        // In reference order (the reference index); the records of one child are consecutive.
        streaming.query("SELECT patient_ref FROM patient_link WHERE run_id = ? ORDER BY patient_ref", (RowCallbackHandler) rs -> {
            String ref = rs.getString(1);
            if (ref.equals(last[0])) return;
            last[0] = ref;
            children.add(new Object[] {runId, ++number[0], ref});
            if (children.size() >= 1000) {
                jdbc.batchUpdate("INSERT INTO child (run_id, child_no, patient_ref) VALUES (?, ?, ?)", children);
                children.clear();
            }
        }, runId);
        if (!children.isEmpty()) jdbc.batchUpdate("INSERT INTO child (run_id, child_no, patient_ref) VALUES (?, ?, ?)", children);
    }

    private void flush(List<Object[]> linkUpdates) {
        jdbc.batchUpdate("UPDATE patient_link SET patient_ref = ?, link_status = ? WHERE run_id = ? AND src = ? AND patient_id = ?", linkUpdates);
        linkUpdates.clear();
    }

    private void decide(List<Member> group, List<Object[]> linkUpdates, List<Object[]> conflicts) {
        group.sort(java.util.Comparator.comparingInt(Member::sourceOrder).thenComparing(Member::patientId));
        List<String> problems = new ArrayList<>();
        if (group.stream().map(Member::source).distinct().count() < group.size()) problems.add("linkage key used more than once within one registry");
        if (group.stream().map(Member::birthDate).distinct().count() > 1) problems.add("birth dates differ");
        if (group.stream().map(Member::sex).distinct().count() > 1) problems.add("sex differs");
        if (problems.isEmpty()) {
            String ref = group.get(0).ref();
            for (Member m : group) linkUpdates.add(new Object[] {ref, LINKED, runId, m.source(), m.patientId()});
        } else {
            for (Member m : group) linkUpdates.add(new Object[] {m.ref(), CONFLICT, runId, m.source(), m.patientId()});
            String refs = group.stream().map(Member::ref).collect(Collectors.joining("|"));
            conflicts.add(new Object[] {runId, conflicts.size() + 1, refs, "same linkage key, not merged: " + String.join("; ", problems)});
        }
    }
}
