package org.registrytrialmatcher.catalogue;

/** A unit a medication dose may be written in, and how it converts to the canonical dose unit. */
public record DoseUnit(String spelling, String canonicalUnit, double factor) {
}
