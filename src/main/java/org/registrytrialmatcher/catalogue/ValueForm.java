package org.registrytrialmatcher.catalogue;

/** The forms a measured value may be written in. */
public enum ValueForm {
    /** a number, optionally censored ({@code <0.2}, {@code >1000}), with a unit */
    QUANTITY,
    /** a titer {@code 1:N}; the value kept is N */
    TITER,
    /** POS or NEG */
    QUALITATIVE,
    /** a urine dipstick reading: NEG, TRACE, 1+, 2+, 3+ (kept as 0 to 4) */
    ORDINAL,
    /** a class written I to IV (kept as 1 to 4) */
    ROMAN,
    /** yes or no, spelled as the profile's yesNo code list says */
    YESNO
}
