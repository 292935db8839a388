package org.registrytrialmatcher.evaluate;

import java.util.List;

import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Outcome;

/** The outcome of one rule for one patient in one cohort, with its reason, evidence and what would settle it. */
public record RuleResult(String ruleId, Outcome outcome, String reason, List<Evidence> evidence, String toSettle) {
}
