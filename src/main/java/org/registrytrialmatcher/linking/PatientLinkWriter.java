package org.registrytrialmatcher.linking;

import java.util.ArrayList;
import java.util.List;

import org.registrytrialmatcher.staging.SafeBatch;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the linker's decisions, a chunk per transaction: each record's reference and status
 * ({@code patient_link}), each child numbered 1..n in the order decided ({@code child}; later
 * steps split the children into ranges by number, without naming a patient), and each
 * conflict (numbered by its first child). The count of children numbered so far is saved with
 * each commit, so a restart numbers on from there.
 */
public class PatientLinkWriter implements ItemStreamWriter<LinkDecision> {
    static final String NUMBERED_KEY = "children.numbered";

    private final JdbcTemplate jdbc;
    private final long runId;
    private long numbered;

    public PatientLinkWriter(JdbcTemplate jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    @Override
    public void open(ExecutionContext context) {
        numbered = context.getLong(NUMBERED_KEY, 0L);
        if (numbered == 0) {
            // A first start of the step: nothing of this run may be linked yet (none is, unless the run's database was edited).
            jdbc.update("DELETE FROM patient_link WHERE run_id = ?", runId);
            jdbc.update("DELETE FROM child WHERE run_id = ?", runId);
            jdbc.update("DELETE FROM link_conflict WHERE run_id = ?", runId);
        }
    }

    @Override
    public void write(Chunk<? extends LinkDecision> chunk) {
        List<Object[]> links = new ArrayList<>();
        List<Object[]> children = new ArrayList<>();
        List<Object[]> conflicts = new ArrayList<>();
        for (LinkDecision decision : chunk) {
            for (LinkDecision.Link l : decision.links()) {
                links.add(new Object[] {runId, l.source(), l.sourceOrder(), l.patientId(), l.patientRef(), l.status()});
            }
            long first = numbered + 1;
            for (String ref : decision.children()) children.add(new Object[] {runId, ++numbered, ref});
            if (decision.conflictRefs() != null) conflicts.add(new Object[] {runId, first, decision.conflictRefs(), decision.conflictReason()});
        }
        SafeBatch.update(jdbc, "INSERT INTO patient_link (run_id, src, src_order, patient_id, patient_ref, link_status) VALUES (?, ?, ?, ?, ?, ?)",
                links, "patient_link");
        SafeBatch.update(jdbc, "INSERT INTO child (run_id, child_no, patient_ref) VALUES (?, ?, ?)", children, "child");
        SafeBatch.update(jdbc, "INSERT INTO link_conflict (run_id, conflict_no, patient_refs, reason) VALUES (?, ?, ?, ?)", conflicts, "link_conflict");
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(NUMBERED_KEY, numbered);
    }
}
