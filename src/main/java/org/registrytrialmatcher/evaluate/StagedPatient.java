package org.registrytrialmatcher.evaluate;

import java.util.List;

import org.registrytrialmatcher.facts.PatientFacts;
import org.registrytrialmatcher.staging.StagedRowRejection;

/** One child as read from staging: the facts to evaluate, and the staged rows the cross-row checks rejected on the way. */
public record StagedPatient(PatientFacts facts, List<StagedRowRejection> rejections) {
}
