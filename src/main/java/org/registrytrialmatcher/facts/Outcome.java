package org.registrytrialmatcher.facts;

/** The outcome of a rule for one patient in one cohort (screening-rules.md, "Outcomes"). */
public enum Outcome {
    MET, NOT_MET, UNKNOWN, REVIEW, NOT_APPLICABLE, SCREENING;

    /** Where several findings feed one rule: NOT_MET over REVIEW over UNKNOWN over MET. */
    public int weight() {
        return switch (this) {
            case NOT_MET -> 4;
            case REVIEW -> 3;
            case UNKNOWN -> 2;
            case MET -> 1;
            case NOT_APPLICABLE, SCREENING -> 0;
        };
    }

    public boolean isOpen() {
        return this == UNKNOWN || this == REVIEW;
    }
}
