package org.registrytrialmatcher.linking;

import java.util.List;

/**
 * What the linker decided for one linkage group: the reference and status of each record, the
 * children it makes (distinct references, in order), and the conflict to record when records
 * sharing a key were kept apart (naming the patients and what disagrees, never the values).
 */
public record LinkDecision(List<Link> links, List<String> children, String conflictRefs, String conflictReason) {

    public record Link(String source, int sourceOrder, String patientId, String patientRef, String status) {
    }
}
