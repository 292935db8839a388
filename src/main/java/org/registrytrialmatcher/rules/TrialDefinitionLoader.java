package org.registrytrialmatcher.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.source.DefinitionException;
import org.registrytrialmatcher.source.YamlDefinitions;

/**
 * Reads {@code trial.yaml} of a trial folder into typed rules. Every mistake (an unknown rule
 * kind, analyte, drug, drug class or cohort, a malformed threshold, window or outcome, an
 * unknown key) fails with a message naming the file and the entry, before any data is read.
 */
public final class TrialDefinitionLoader {
    public static final String FILE = "trial.yaml";
    private static final Set<String> STATUS_REASONS = Set.of("COMPLETED", "INEFFICACY", "INTOLERANCE", "OTHER");

    private final MeasureCatalogue catalogue;
    private Path file;
    private Map<String, Drug> drugs;
    private Map<String, DrugClass> classes;
    private Map<String, Double> uln;
    private Map<String, Double> lln;
    private Set<String> cohortIds;

    private TrialDefinitionLoader(MeasureCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public static TrialDefinition load(Path folder, MeasureCatalogue catalogue) {
        if (!Files.isDirectory(folder)) throw new DefinitionException(folder + ": trial definition folder not found");
        return new TrialDefinitionLoader(catalogue).read(folder);
    }

    private TrialDefinition read(Path folder) {
        file = folder.resolve(FILE);
        Params root = new Params(file, "(top level)", YamlDefinitions.read(file));
        String id = root.string("trial");
        String registration = root.string("registration", null);
        String title = root.string("title", null);
        refuseUnread(root, "record", "name the trial record in a comment");

        Params defaults = root.child("defaults");
        uln = numbers(defaults.child("uln"));
        lln = numbers(defaults.child("lln"));
        refuseUnread(defaults, "windows", "each rule states its own window ('window', 'heightWindow', 'biopsyWindow')");
        defaults.requireAllRead();

        drugs = new LinkedHashMap<>();
        Params drugsEntry = root.child("drugs");
        for (String key : keys(drugsEntry)) {
            Params d = drugsEntry.child(key);
            CodePatterns atc = CodePatterns.of(d.strings("atc"), d, "atc");
            List<String> names = d.strings("names").stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
            Double eq = d.has("prednisoneEquivalent") ? d.number("prednisoneEquivalent") : null;
            boolean infusion = d.bool("infusion", false);
            d.requireAllRead();
            drugs.put(key, new Drug(key, atc, names, eq, infusion));
        }
        DrugIdentity identity = new DrugIdentity(List.copyOf(drugs.values()));
        classes = new LinkedHashMap<>();
        Params classesEntry = root.child("drugClasses");
        for (String key : keys(classesEntry)) {
            List<Drug> members = new ArrayList<>();
            for (String drug : classesEntry.strings(key)) {
                Drug d = drugs.get(drug);
                if (d == null) throw classesEntry.fail("class " + key + " names unknown drug '" + drug + "' (not under 'drugs')");
                members.add(d);
            }
            classes.put(key, new DrugClass(key, List.copyOf(members), identity));
        }
        classesEntry.requireAllRead();

        List<CohortDefinition> cohorts = new ArrayList<>();
        cohortIds = new LinkedHashSet<>();
        for (Params c : root.children("cohorts")) {
            String cohortId = c.string("id");
            if (!cohortIds.add(cohortId)) throw c.fail("cohort " + cohortId + " is defined twice");
            Params entry = c.child("entry");
            CodePatterns entryCodes = CodePatterns.of(entry.strings("activeDiagnosis", List.of()), entry, "activeDiagnosis");
            List<String> biopsy = entry.strings("kidneyBiopsyMentions", List.of());
            entry.requireAllRead();
            CodePatterns own = c.has("ownCodes") ? CodePatterns.of(c.strings("ownCodes"), c, "ownCodes") : CodePatterns.none();
            String output = c.string("output");
            if (!output.matches("[a-z0-9-]+\\.csv")) throw c.fail("'output' must be a file name like candidates-x.csv");
            cohorts.add(new CohortDefinition(cohortId, c.string("name"), output, entryCodes, biopsy, own));
            c.requireAllRead();
        }

        List<RuleDefinition> rules = new ArrayList<>();
        Set<String> ruleIds = new HashSet<>();
        for (Params r : root.children("rules")) {
            String ruleId = r.string("id");
            if (!ruleIds.add(ruleId)) throw r.fail("rule " + ruleId + " is defined twice");
            Params named = new Params(file, "rule " + ruleId, r.rawMap());
            named.string("id");
            Set<String> appliesTo = new LinkedHashSet<>(named.strings("cohorts", List.of()));
            for (String c : appliesTo) if (!cohortIds.contains(c)) throw named.fail("'cohorts' names unknown cohort '" + c + "'");
            String text = named.string("text");
            refuseUnread(named, "source", "say where a rule's reading comes from in a comment above it");
            String kind = named.string("kind");
            Check check = check(kind, named);
            named.requireAllRead();
            rules.add(new RuleDefinition(ruleId, kind, text, Set.copyOf(appliesTo), check));
        }
        root.requireAllRead();
        return new TrialDefinition(folder, id, registration, title, List.copyOf(cohorts), List.copyOf(rules), uln, lln, identity);
    }

    /** Builds the check of a rule (or a finding) of the given kind from its parameters. */
    private Check check(String kind, Params p) {
        return switch (kind) {
            case "recontactConsent" -> new SimpleChecks.RecontactConsent();
            case "screening" -> new SimpleChecks.Screening(p.has("text") ? p.string("text") : "at screening");
            case "age" -> new SimpleChecks.AgeRange(p.integer("min"), p.integer("below"));
            case "latestValue" -> new MeasureChecks.LatestValue(MeasureRef.parse(p.child("measure"), catalogue), p.integer("window"),
                    Threshold.parse(p.string("pass"), p, "pass"), p.outcome("onFail", Outcome.NOT_MET), p.string("failNote", null), cohortSet(p, "notApplicableIn"));
            case "timesUln" -> timesUln(p);
            case "kidneyFunction" -> new KidneyChecks.KidneyFunction(p.integer("window"), p.number("min"), egfrSource(p),
                    observation(p, "dialysisObservation"), p.outcome("onFail", Outcome.NOT_MET), p.string("failNote", null));
            case "findings" -> {
                List<Check> findings = new ArrayList<>();
                for (Params f : p.children("findings")) {
                    Check c = check(f.string("kind"), f);
                    f.requireAllRead();
                    findings.add(c);
                }
                yield new Findings(List.copyOf(findings));
            }
            case "latestFlag" -> {
                String code = p.string("observation");
                if (catalogue.observation(code).isEmpty()) throw p.fail("unknown observation '" + code + "'");
                yield new MeasureChecks.LatestFlag(code, p.outcome("ifYes", Outcome.REVIEW), p.string("name", code));
            }
            case "diagnosis" -> diagnosis(p);
            case "drugNameMentions" -> new SimpleChecks.DrugNameMentions(p.strings("words"), p.outcome("ifFound", Outcome.NOT_MET));
            case "bCellTherapy" -> bCellTherapy(p);
            case "biopsyCrescents" -> new DiagnosisChecks.BiopsyCrescents(p.number("atLeastPct"), p.outcome("ifFound", Outcome.NOT_MET));
            case "labDoubling" -> new MeasureChecks.LabDoubling(MeasureRef.lab(p, "lab", catalogue), p.integer("withinDays"), p.integer("window"),
                    p.outcome("ifFound", Outcome.NOT_MET));
            case "anyValue" -> new MeasureChecks.AnyValue(MeasureRef.parse(p.child("measure"), catalogue), p.integer("window"),
                    Threshold.parse(p.string("match"), p, "match"), p.outcome("ifFound", Outcome.NOT_MET), p.string("name"));
            case "classifiedDiagnosis" -> new DiagnosisChecks.ClassifiedDiagnosis(CodePatterns.of(p.strings("codes"), p, "codes"),
                    p.strings("classificationMentions", List.of()), p.string("name"));
            case "biopsyDiagnosis" -> new DiagnosisChecks.BiopsyDiagnosis(p.strings("mentions"));
            case "lupusNephritisBiopsy" -> lupusNephritis(p);
            case "treatmentHistory" -> {
                if (p.has("anyOf") == p.has("allOf")) throw p.fail("a treatmentHistory rule needs either 'anyOf' or 'allOf'");
                yield new TreatmentChecks.TreatmentHistory(p.has("anyOf")
                        ? new TreatmentChecks.AnyOf(terms(p, "anyOf")) : new TreatmentChecks.AllOf(terms(p, "allOf")));
            }
            case "anyLatestAbove" -> {
                List<MeasureChecks.Limit> limits = new ArrayList<>();
                for (Params m : p.children("measures")) {
                    limits.add(new MeasureChecks.Limit(MeasureRef.lab(m, "lab", catalogue), limit(m)));
                    m.requireAllRead();
                }
                yield new MeasureChecks.AnyLatestAbove(p.integer("window"), List.copyOf(limits));
            }
            case "serology" -> {
                List<MeasureChecks.SerologyTest> tests = new ArrayList<>();
                for (Params t : p.children("tests")) {
                    tests.add(new MeasureChecks.SerologyTest(MeasureRef.lab(t, "lab", catalogue), t.has("titerAtLeast") ? t.integer("titerAtLeast") : null));
                    t.requireAllRead();
                }
                yield new MeasureChecks.Serology(List.copyOf(tests));
            }
            default -> throw p.fail("unknown rule kind '" + kind + "'");
        };
    }

    private Check timesUln(Params p) {
        MeasureRef lab = MeasureRef.lab(p, "lab", catalogue);
        Double defaultUln = uln.get(lab.code());
        if (defaultUln == null) throw p.fail("no default ULN for " + lab.code() + " under 'defaults.uln'");
        CodePatterns altCodes = null;
        Double altMax = null;
        String altName = null;
        if (p.has("withDiagnosis")) {
            Params w = p.child("withDiagnosis");
            altCodes = CodePatterns.of(w.strings("codes"), w, "codes");
            altMax = w.number("maxTimesUln");
            altName = w.string("name");
            w.requireAllRead();
        }
        return new MeasureChecks.TimesUln(lab, p.integer("window"), p.number("maxTimesUln"), defaultUln, altCodes, altMax, altName,
                p.outcome("onFail", Outcome.NOT_MET), p.string("failNote", null), cohortSet(p, "notApplicableIn"));
    }

    private Check diagnosis(Params p) {
        CodePatterns codes = CodePatterns.of(p.strings("codes"), p, "codes");
        CodePatterns except = p.has("except") ? CodePatterns.of(p.strings("except"), p, "except") : CodePatterns.none();
        DiagnosisChecks.Status status;
        Object raw = p.raw("status");
        if ("active".equals(raw)) status = new DiagnosisChecks.Status(DiagnosisChecks.StatusKind.ACTIVE, 0);
        else if ("any".equals(raw)) status = new DiagnosisChecks.Status(DiagnosisChecks.StatusKind.ANY, 0);
        else if (raw instanceof Map<?, ?>) {
            Params s = p.child("status");
            if (s.has("onsetWithinDays")) status = new DiagnosisChecks.Status(DiagnosisChecks.StatusKind.ONSET_WITHIN_DAYS, s.integer("onsetWithinDays"));
            else if (s.has("activeOrResolvedWithinYears")) {
                status = new DiagnosisChecks.Status(DiagnosisChecks.StatusKind.ACTIVE_OR_RESOLVED_WITHIN_YEARS, s.integer("activeOrResolvedWithinYears"));
            } else throw s.fail("must be active, any, {onsetWithinDays: N} or {activeOrResolvedWithinYears: N}");
            s.requireAllRead();
        } else throw p.fail("'status' must be active, any, {onsetWithinDays: N} or {activeOrResolvedWithinYears: N}");
        return new DiagnosisChecks.DiagnosisPresent(codes, except, p.bool("exceptOwnCohortCodes", false), status,
                p.outcome("ifFound", Outcome.NOT_MET), p.string("name"));
    }

    private Check bCellTherapy(Params p) {
        List<TreatmentChecks.Washout> washouts = new ArrayList<>();
        for (Params w : p.children("washouts")) {
            washouts.add(new TreatmentChecks.Washout(drugClass(w, w.string("class")), w.integer("days"), w.string("name")));
            w.requireAllRead();
        }
        Params recovery = p.child("recovery");
        MeasureRef lab = MeasureRef.lab(recovery, "lab", catalogue);
        recovery.requireAllRead();
        Double defaultLln = lln.get(lab.code());
        if (defaultLln == null) throw p.fail("no default LLN for " + lab.code() + " under 'defaults.lln'");
        Params approval = p.child("needsApproval");
        TreatmentChecks.BCellTherapy check = new TreatmentChecks.BCellTherapy(List.copyOf(washouts), lab.code(), defaultLln,
                drugClass(approval, approval.string("class")), approval.outcome("outcome", Outcome.REVIEW), approval.string("name"));
        approval.requireAllRead();
        return check;
    }

    private Check lupusNephritis(Params p) {
        List<KidneyChecks.Involvement> involvement = new ArrayList<>();
        for (Params i : p.children("involvement")) {
            MeasureRef lab = MeasureRef.lab(i, "lab", catalogue);
            involvement.add(new KidneyChecks.Involvement(lab, limit(i), i.string("name", lab.name())));
            i.requireAllRead();
        }
        return new KidneyChecks.LupusNephritisBiopsy(List.copyOf(involvement), p.number("involvementEgfrBelow"),
                CodePatterns.of(p.strings("involvementDiagnosis"), p, "involvementDiagnosis"), p.integer("window"), p.integer("biopsyWindow"),
                p.strings("classes"), egfrSource(p));
    }

    /** The analytes and observation an eGFR is reported or computed from ({@code egfrLab}, {@code creatinineLab}, {@code heightObservation}). */
    private KidneyChecks.EgfrSource egfrSource(Params p) {
        return new KidneyChecks.EgfrSource(MeasureRef.lab(p, "egfrLab", catalogue).code(), MeasureRef.lab(p, "creatinineLab", catalogue).code(),
                observation(p, "heightObservation"), p.integer("heightWindow"));
    }

    private String observation(Params p, String key) {
        String code = p.string(key);
        if (catalogue.observation(code).isEmpty()) throw p.fail("'" + key + "': unknown observation '" + code + "'");
        return code;
    }

    /** {@code above: X} (strictly above) or {@code atLeast: X}. */
    private static Threshold limit(Params p) {
        if (p.has("above")) return new Threshold(">", p.number("above"));
        if (p.has("atLeast")) return new Threshold(">=", p.number("atLeast"));
        throw p.fail("needs 'above: X' or 'atLeast: X'");
    }

    private List<TreatmentChecks.Term> terms(Params p, String key) {
        List<TreatmentChecks.Term> terms = new ArrayList<>();
        for (Params t : p.children(key)) {
            terms.add(term(t));
            t.requireAllRead();
        }
        return List.copyOf(terms);
    }

    private TreatmentChecks.Term term(Params t) {
        if (t.has("anyOf")) return new TreatmentChecks.AnyOf(terms(t, "anyOf"));
        if (t.has("allOf")) return new TreatmentChecks.AllOf(terms(t, "allOf"));
        if (t.has("exposure")) return new TreatmentChecks.ExposureTerm(drugClass(t, t.string("exposure")), t.integer("days"), t.bool("eachDrug", false));
        if (t.has("distinctDrugs")) {
            return new TreatmentChecks.DistinctDrugsTerm(drugClass(t, t.string("distinctDrugs")), t.integer("days"), t.integer("atLeast"));
        }
        if (t.has("distinctClasses")) {
            Params d = t.child("distinctClasses");
            List<TreatmentChecks.ClassExposure> list = new ArrayList<>();
            for (Params c : d.children("classes")) {
                list.add(new TreatmentChecks.ClassExposure(drugClass(c, c.string("class")), c.integer("days"), c.string("name")));
                c.requireAllRead();
            }
            TreatmentChecks.Term term = new TreatmentChecks.DistinctClassesTerm(List.copyOf(list), d.integer("atLeast"));
            d.requireAllRead();
            return term;
        }
        if (t.has("stoppedFor")) {
            List<DrugClass> stopped = t.strings("stoppedFor").stream().map(c -> drugClass(t, c)).toList();
            Set<String> reasons = new LinkedHashSet<>();
            for (String r : t.strings("reasons")) {
                String upper = r.toUpperCase(Locale.ROOT);
                if (!STATUS_REASONS.contains(upper)) throw t.fail("'reasons': unknown stop reason '" + r + "' (expected " + STATUS_REASONS + ")");
                reasons.add(upper);
            }
            return new TreatmentChecks.StoppedForTerm(stopped, reasons);
        }
        if (t.has("gcDoseAtLeastMgPerKgPerDay")) {
            return new TreatmentChecks.GcDoseTerm(drugClass(t, t.string("class")), t.number("gcDoseAtLeastMgPerKgPerDay"));
        }
        if (t.has("gcOngoingAboveMgPerDay")) {
            return new TreatmentChecks.GcOngoingTerm(drugClass(t, t.string("class")), t.number("gcOngoingAboveMgPerDay"), t.integer("afterExposureDays"));
        }
        throw t.fail("unknown treatment term (expected anyOf, allOf, exposure, distinctDrugs, distinctClasses, stoppedFor,"
                + " gcDoseAtLeastMgPerKgPerDay or gcOngoingAboveMgPerDay)");
    }

    private DrugClass drugClass(Params where, String name) {
        DrugClass c = classes.get(name);
        if (c == null) throw where.fail("unknown drug class '" + name + "' (not under 'drugClasses')");
        return c;
    }

    private Set<String> cohortSet(Params p, String key) {
        Set<String> set = new LinkedHashSet<>(p.strings(key, List.of()));
        for (String c : set) if (!cohortIds.contains(c)) throw p.fail("'" + key + "' names unknown cohort '" + c + "'");
        return Set.copyOf(set);
    }

    /**
     * Refuses a key that earlier definitions carried but nothing reads: accepting it would let a
     * clinician change a value that changes nothing.
     */
    private static void refuseUnread(Params p, String key, String instead) {
        if (p.has(key)) throw p.fail("'" + key + "' is not read by the pipeline: " + instead);
    }

    private Map<String, Double> numbers(Params p) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (String key : keys(p)) {
            if (catalogue.analyte(key).isEmpty()) throw p.fail("unknown analyte '" + key + "'");
            result.put(key, p.number(key));
        }
        return Map.copyOf(result);
    }

    private static List<String> keys(Params p) {
        return p.keys();
    }
}
