package org.registrytrialmatcher.linking;

import java.util.List;

/**
 * The patient records that share one linkage key (or a single record without a key): the unit
 * in which the linker decides who is one child.
 */
public record LinkageGroup(List<Member> members) {

    /** One loaded patient record: what linking compares, and nothing else. */
    public record Member(String key, String source, int sourceOrder, String patientId, Object birthDate, String sex) {
        /** The record's own reference, {@code SOURCE:ID}. */
        public String ref() {
            return source + ":" + patientId;
        }
    }
}
