package org.registrytrialmatcher.ingest;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

import org.registrytrialmatcher.catalogue.DoseUnit;
import org.registrytrialmatcher.catalogue.Measure;
import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.source.SourceProfile;

/**
 * Turns the fields of one row into the typed values of its kind's staging table (in the
 * column order of {@link org.registrytrialmatcher.staging.StagingTable}), or rejects it.
 */
final class RecordMappers {
    private static final Pattern ICD10 = Pattern.compile("[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?");
    private static final Pattern UNDOTTED_ICD10 = Pattern.compile("[A-Z][0-9][0-9A-Z][0-9A-Z]{1,4}");
    private static final Pattern ATC = Pattern.compile("[A-Z][0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?");
    private static final Pattern ISN_RPS = Pattern.compile("(I|II|III|IV|V|VI)(\\s*\\+\\s*(I|II|III|IV|V|VI))*");

    private final MeasureCatalogue catalogue;
    private final SourceProfile profile;
    private final MeasuredValueReader measured;

    RecordMappers(MeasureCatalogue catalogue, SourceProfile profile, UcumUnits ucum) {
        this.catalogue = catalogue;
        this.profile = profile;
        this.measured = new MeasuredValueReader(profile, ucum);
    }

    Object[] map(RecordKind kind, RowFields f) {
        return switch (kind) {
            case PATIENTS -> patient(f);
            case DIAGNOSES -> diagnosis(f);
            case LABS -> lab(f);
            case MEDICATIONS -> medication(f);
            case OBSERVATIONS -> observation(f);
            case BIOPSIES -> biopsy(f);
        };
    }

    private Object[] patient(RowFields f) {
        String id = f.required("patient_id", "patient ID");
        LocalDate birth = f.requiredDate("birth_date", "birth date");
        String sex = f.codedRequired("sex", "sex", "sex code");
        String consent = f.coded("recontact_consent", "yesNo", "consent code");
        return new Object[] {id, birth, sex, f.text("linkage_key"), f.text("site"), consent};
    }

    private Object[] diagnosis(RowFields f) {
        String id = f.required("patient_id", "patient ID");
        String code = f.required("icd10_code", "ICD-10 code").toUpperCase(Locale.ROOT);
        if (UNDOTTED_ICD10.matcher(code).matches()) code = code.substring(0, 3) + "." + code.substring(3);
        if (!ICD10.matcher(code).matches()) {
            throw new RowRejection(f.column("icd10_code") + " '" + code + "' is not an ICD-10 code (e.g. M32.14)");
        }
        LocalDate onset = f.date("onset_date");
        LocalDate resolved = f.date("resolved_date");
        String status = f.coded("status", "diagnosisStatus", "diagnosis status");
        if (status == null) status = resolved == null ? "ACTIVE" : "RESOLVED";
        if (onset != null && resolved != null && resolved.isBefore(onset)) {
            throw new RowRejection(f.column("resolved_date") + " " + f.text("resolved_date") + " is before " + f.column("onset_date") + " " + f.text("onset_date"));
        }
        return new Object[] {id, code, f.text("description"), onset, status, resolved, f.text("classification")};
    }

    private Object[] lab(RowFields f) {
        String id = f.required("patient_id", "patient ID");
        LocalDate date = f.requiredDate("date", "sample date");
        String code = f.required("code", "lab code");
        String analyteCode = profile.codeList("labs").get(code);
        if (analyteCode == null) {
            throw new RowRejection("lab code '" + code + "' is not mapped to an analyte in profile " + profile.name());
        }
        Measure analyte = catalogue.analyte(analyteCode).orElseThrow(
                () -> new IllegalStateException("profile " + profile.name() + " maps to unknown analyte " + analyteCode));
        String value = f.required("value", "result value");
        String unit = f.text("unit");
        MeasuredValue mv = measured.read(analyte, value, unit, f);
        Double refLow = reference(f, "ref_low", mv, analyte, unit);
        Double refHigh = reference(f, "ref_high", mv, analyte, unit);
        return new Object[] {id, date, code, analyteCode, f.text("test_name"), value, unit,
                mv.form().name(), mv.comparator(), mv.number(), mv.text(), mv.unit(), mv.factor(), refLow, refHigh};
    }

    /** A reference limit, in the row's unit, converted with the value (or with the row's unit for a qualitative result). */
    private Double reference(RowFields f, String field, MeasuredValue mv, Measure analyte, String unit) {
        Double limit = f.number(field);
        if (limit == null) return null;
        if (mv.factor() != null) return limit * mv.factor();
        if (analyte.unit() != null && unit != null && !unit.isBlank()) return limit * measured.factor(analyte, unit);
        return limit;
    }

    private Object[] medication(RowFields f) {
        String id = f.required("patient_id", "patient ID");
        String drug = f.text("drug_name");
        String atc = f.text("atc_code");
        if (drug == null && atc == null) {
            throw new RowRejection("neither drug name nor ATC code given (columns " + f.column("drug_name") + ", " + f.column("atc_code") + ")");
        }
        if (atc != null) {
            atc = atc.toUpperCase(Locale.ROOT);
            if (!ATC.matcher(atc).matches()) {
                throw new RowRejection(f.column("atc_code") + " '" + atc + "' is not an ATC code (e.g. L04AA06)");
            }
        }
        String doseText = f.text("dose");
        String doseUnitText = f.text("dose_unit");
        Double dose = null;
        String doseUnit = null;
        if (doseText != null) {
            double original = f.parseNumber(doseText, f.column("dose"));
            if (original < 0) throw new RowRejection(f.column("dose") + " " + doseText + " is negative");
            if (doseUnitText == null) throw new RowRejection("dose " + doseText + " has no unit (column " + f.column("dose_unit") + " is empty)");
            DoseUnit unit = catalogue.doseUnit(doseUnitText).orElseThrow(() -> new RowRejection(
                    f.column("dose_unit") + " '" + doseUnitText + "' is not a known dose unit (expected one of "
                            + String.join(", ", catalogue.doseUnits().values().stream().map(DoseUnit::spelling).toList()) + ")"));
            dose = original * unit.factor();
            doseUnit = unit.canonicalUnit();
        }
        Double perDay = f.number("doses_per_day");
        if (perDay != null && perDay <= 0) {
            throw new RowRejection(f.column("doses_per_day") + " " + f.text("doses_per_day") + " is not a positive number");
        }
        LocalDate start = f.requiredDate("start_date", "start date");
        LocalDate stop = f.date("stop_date");
        if (stop != null && stop.isBefore(start)) {
            throw new RowRejection(f.column("stop_date") + " " + f.text("stop_date") + " is before " + f.column("start_date") + " " + f.text("start_date"));
        }
        String reason = f.coded("stop_reason", "stopReason", "stop reason");
        return new Object[] {id, drug, atc, doseText, doseUnitText, dose, doseUnit, perDay, start, stop, reason};
    }

    private Object[] observation(RowFields f) {
        String id = f.required("patient_id", "patient ID");
        LocalDate date = f.requiredDate("date", "observation date");
        String code = f.required("code", "observation code");
        String measureCode = profile.codeList("observations").get(code);
        if (measureCode == null) {
            throw new RowRejection("observation code '" + code + "' is not mapped in profile " + profile.name());
        }
        Measure measure = catalogue.observation(measureCode).orElseThrow(
                () -> new IllegalStateException("profile " + profile.name() + " maps to unknown observation " + measureCode));
        String value = f.required("value", "value");
        String unit = f.text("unit");
        MeasuredValue mv = measured.read(measure, value, unit, f);
        return new Object[] {id, date, measureCode, value, unit, mv.form().name(), mv.number(), mv.text(), mv.unit(), mv.factor()};
    }

    private Object[] biopsy(RowFields f) {
        String id = f.required("patient_id", "patient ID");
        LocalDate date = f.requiredDate("date", "biopsy date");
        String organ = f.codedRequired("organ", "organ", "organ");
        String isnClass = f.text("isn_rps_class");
        if (isnClass != null) {
            isnClass = isnClass.toUpperCase(Locale.ROOT).replace(" ", "");
            if (!ISN_RPS.matcher(isnClass).matches()) {
                throw new RowRejection(f.column("isn_rps_class") + " '" + f.text("isn_rps_class") + "' is not an ISN/RPS class (I to VI, or combined as III+V)");
            }
        }
        Double crescents = f.number("crescents_pct");
        if (crescents != null && (crescents < 0 || crescents > 100)) {
            throw new RowRejection(f.column("crescents_pct") + " " + f.text("crescents_pct") + " is not a percentage from 0 to 100");
        }
        return new Object[] {id, date, organ, f.text("diagnosis"), isnClass, crescents};
    }
}
