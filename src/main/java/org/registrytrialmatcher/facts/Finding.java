package org.registrytrialmatcher.facts;

import java.util.ArrayList;
import java.util.List;

/** What a check found: an outcome, a one-line reason for a clinician, the evidence used, and what would settle it. */
public record Finding(Outcome outcome, String reason, List<Evidence> evidence, String toSettle) {

    public Finding(Outcome outcome, String reason, List<Evidence> evidence) {
        this(outcome, reason, evidence, null);
    }

    public static Finding of(Outcome outcome, String reason, Evidence... evidence) {
        return new Finding(outcome, reason, List.of(evidence), null);
    }

    public Finding settledBy(String what) {
        return new Finding(outcome, reason, evidence, what);
    }

    /**
     * Combines findings that feed one rule: the strongest outcome wins (NOT_MET, REVIEW,
     * UNKNOWN, MET); its reasons lead, the evidence of all is kept.
     */
    public static Finding combine(List<Finding> findings) {
        Outcome top = Outcome.MET;
        for (Finding f : findings) if (f.outcome().weight() > top.weight()) top = f.outcome();
        List<String> reasons = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> settle = new ArrayList<>();
        for (Finding f : findings) {
            if (f.outcome() == top) reasons.add(f.reason());
            evidence.addAll(f.evidence());
            if (f.outcome() == top && f.toSettle() != null) settle.add(f.toSettle());
        }
        if (top == Outcome.MET) {
            reasons.clear();
            for (Finding f : findings) reasons.add(f.reason());
        }
        return new Finding(top, String.join("; ", reasons), List.copyOf(evidence), settle.isEmpty() ? null : String.join("; ", settle));
    }
}
