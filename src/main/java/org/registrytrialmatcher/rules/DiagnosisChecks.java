package org.registrytrialmatcher.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.registrytrialmatcher.facts.Biopsy;
import org.registrytrialmatcher.facts.Diagnosis;
import org.registrytrialmatcher.facts.Finding;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.facts.PatientFacts;

/** Rule kinds about diagnoses and biopsies. */
final class DiagnosisChecks {
    private DiagnosisChecks() {
    }

    /** Which diagnoses count: active ones, any, one with onset within N days, or active/resolved within N years. */
    enum StatusKind { ACTIVE, ANY, ONSET_WITHIN_DAYS, ACTIVE_OR_RESOLVED_WITHIN_YEARS }

    record Status(StatusKind kind, int amount) {
        /** "active epilepsy", "primary immunodeficiency (active or resolved)", ... */
        String none(String name) {
            return switch (kind) {
                case ACTIVE -> "active " + name;
                case ANY -> name + " (active or resolved)";
                case ONSET_WITHIN_DAYS -> name + " with onset within " + amount + " days";
                case ACTIVE_OR_RESOLVED_WITHIN_YEARS -> name + " active or resolved within " + amount + " years";
            };
        }

    }

    /**
     * A diagnosis matching the codes (less exceptions, and less the cohort's own codes where
     * asked) in the given status gives {@code ifFound}; a resolved one with no resolved date,
     * where the status depends on it, gives UNKNOWN; otherwise MET.
     */
    record DiagnosisPresent(CodePatterns codes, CodePatterns except, boolean exceptOwnCohortCodes, Status status, Outcome ifFound, String name)
            implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            LocalDate runDate = facts.runDate();
            Diagnosis undated = null;
            for (Diagnosis d : facts.diagnoses()) {
                if (!codes.matches(d.code()) || except.matches(d.code())) continue;
                if (exceptOwnCohortCodes && cohort.ownCodes().matches(d.code())) continue;
                String what = name + ": " + d.code() + (d.description() == null ? "" : " " + d.description());
                switch (status.kind()) {
                    case ACTIVE -> {
                        if (d.active()) return Finding.of(ifFound, what + ", active", d.evidence());
                    }
                    case ANY -> {
                        return Finding.of(ifFound, what + (d.active() ? ", active" : ", resolved"), d.evidence());
                    }
                    case ONSET_WITHIN_DAYS -> {
                        if (d.onset() != null && !d.onset().isBefore(runDate.minusDays(status.amount()))) {
                            return Finding.of(ifFound, what + ", onset " + d.onset() + " (within " + status.amount() + " days)", d.evidence());
                        }
                    }
                    case ACTIVE_OR_RESOLVED_WITHIN_YEARS -> {
                        if (d.active()) return Finding.of(ifFound, what + ", active", d.evidence());
                        if (d.resolved() == null) {
                            undated = d;
                        } else if (d.resolved().isAfter(runDate.minusYears(status.amount()))) {
                            return Finding.of(ifFound, what + ", resolved " + d.resolved() + " (less than " + status.amount() + " years ago)", d.evidence());
                        }
                    }
                }
            }
            if (undated != null) {
                return new Finding(Outcome.UNKNOWN, name + ": " + undated.code() + " resolved, with no resolved date", List.of(undated.evidence()),
                        "date " + undated.code() + " resolved");
            }
            return Finding.of(Outcome.MET, "no " + status.none(name) + " recorded");
        }
    }

    /** The cohort's disease, active and classified by one of the named criteria sets: MET; otherwise UNKNOWN. */
    record ClassifiedDiagnosis(CodePatterns codes, List<String> classificationMentions, String name) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            List<Diagnosis> active = facts.diagnoses(d -> d.active() && codes.matches(d.code()));
            for (Diagnosis d : active) {
                if (classificationMentions.isEmpty()) return Finding.of(Outcome.MET, "active " + name + " " + d.code(), d.evidence());
                String c = d.classification() == null ? "" : d.classification().toLowerCase(Locale.ROOT);
                for (String m : classificationMentions) {
                    if (c.contains(m.toLowerCase(Locale.ROOT))) {
                        return Finding.of(Outcome.MET, "active " + name + " " + d.code() + " classified by " + d.classification(), d.evidence());
                    }
                }
            }
            if (active.isEmpty()) {
                return new Finding(Outcome.UNKNOWN, "no active " + name + " diagnosis (" + codes + ")", List.of(), "an active " + name + " diagnosis");
            }
            Diagnosis d = active.get(0);
            String criteria = String.join(" or ", classificationMentions);
            return new Finding(Outcome.UNKNOWN, "active " + name + " " + d.code() + " but its classification "
                    + (d.classification() == null ? "is not recorded" : "'" + d.classification() + "' does not name " + criteria),
                    active.stream().map(Diagnosis::evidence).toList(), "classification criteria of the " + name + " diagnosis (" + criteria + ")");
        }
    }

    /** The latest kidney biopsy with crescents at or above a share gives {@code ifFound}; else MET. */
    record BiopsyCrescents(double atLeastPct, Outcome ifFound) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            Optional<Biopsy> latest = facts.biopsiesNewestFirst().stream().filter(b -> "KIDNEY".equals(b.organ())).findFirst();
            if (latest.isPresent() && latest.get().crescentsPct() != null && latest.get().crescentsPct() >= atLeastPct) {
                Biopsy b = latest.get();
                return Finding.of(ifFound, "kidney biopsy of " + b.date() + " shows " + org.registrytrialmatcher.facts.Numbers.format(b.crescentsPct())
                        + " % crescents (limit under " + org.registrytrialmatcher.facts.Numbers.format(atLeastPct) + " %)", b.evidence());
            }
            return latest.map(b -> Finding.of(Outcome.MET, "latest kidney biopsy " + b.date() + ": crescents "
                            + (b.crescentsPct() == null ? "not recorded" : org.registrytrialmatcher.facts.Numbers.format(b.crescentsPct()) + " %"), b.evidence()))
                    .orElse(Finding.of(Outcome.MET, "no kidney biopsy with crescents recorded"));
        }
    }

    /** A kidney biopsy (any date) whose diagnosis mentions one of the words: MET; otherwise UNKNOWN. */
    record BiopsyDiagnosis(List<String> mentions) implements Check {
        @Override
        public Finding check(PatientFacts facts, CohortDefinition cohort) {
            for (Biopsy b : facts.biopsiesNewestFirst()) {
                if (!"KIDNEY".equals(b.organ()) || b.diagnosis() == null) continue;
                String text = b.diagnosis().toLowerCase(Locale.ROOT);
                if (mentions.stream().anyMatch(m -> text.contains(m.toLowerCase(Locale.ROOT)))) {
                    return Finding.of(Outcome.MET, "kidney biopsy of " + b.date() + ": " + b.diagnosis(), b.evidence());
                }
            }
            return new Finding(Outcome.UNKNOWN, "no kidney biopsy showing " + String.join(" or ", mentions) + " recorded", List.of(),
                    "kidney biopsy report (" + String.join(" or ", mentions) + ")");
        }
    }
}
