package org.registrytrialmatcher.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes synthetic nightly exports of both registries in their own layouts (rheum: comma,
 * BOM, CRLF, ISO dates, LOINC, mixed units; nephro: semicolon, LF, day-first dates, decimal
 * comma, local codes, SI units), deterministic for a seed, with the shape of a real registry:
 * per child about 100 lab rows, 10 medication records, 5 diagnoses and 10 observations, all
 * five cohorts, a few per cent of children in both registries, and a few per cent of rows
 * with the faults registry-exports.md lists. Every planted fault is listed in
 * {@code planted-faults.csv} ({@code source,file,line,fault}) so a test can check that the
 * pipeline reports each one and rejects nothing else. Memory holds one child at a time.
 */
public final class SyntheticExportGenerator {
    public static final String PLANTED_FAULTS = "planted-faults.csv";

    private final SplittableRandom random;
    private final LocalDate runDate;
    private final double faultRate;
    private final boolean cohortDense;

    private ExportFileWriter faults;
    private final Registry rheum = Registry.rheum();
    private final Registry nephro = Registry.nephro();

    public SyntheticExportGenerator(long seed, LocalDate runDate, double faultRate) {
        this(seed, runDate, faultRate, false);
    }

    /**
     * {@code cohortDense}: every child has the disease of one of the trial's cohorts (no juvenile
     * idiopathic arthritis or chronic kidney disease alone), so that every child is evaluated in a
     * cohort: the heaviest evaluation and output load for a given number of children.
     */
    public SyntheticExportGenerator(long seed, LocalDate runDate, double faultRate, boolean cohortDense) {
        this.random = new SplittableRandom(seed);
        this.runDate = runDate;
        this.faultRate = faultRate;
        this.cohortDense = cohortDense;
    }

    /** Generates {@code children} children into {@code dir/rheum} and {@code dir/nephro}. */
    public void generate(int children, Path dir) {
        try {
            Files.createDirectories(dir);
            rheum.open(dir.resolve("rheum"));
            nephro.open(dir.resolve("nephro"));
            faults = new ExportFileWriter(dir.resolve(PLANTED_FAULTS), ',', "\n", false, List.of("source", "file", "line", "fault"));
            for (int i = 1; i <= children; i++) child(i);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            rheum.close();
            nephro.close();
            if (faults != null) faults.close();
        }
    }

    // ---- one child ----------------------------------------------------------------------

    private enum Cohort { SLE, SSC, IIM, JIA, NS, IGAN, CKD }

    private record Child(int number, String id, LocalDate birth, boolean female, Cohort cohort, String linkageKey) {
    }

    private void child(int n) {
        double where = random.nextDouble();
        boolean inRheum = where < 0.58;
        boolean both = where >= 0.95;
        boolean inNephro = !inRheum || both;
        if (both) inRheum = true;
        LocalDate birth = runDate.minusDays(365L * 3 + random.nextInt(365 * 18));
        boolean female = random.nextDouble() < 0.62;
        String key = both || random.nextDouble() < 0.3 ? "LK-" + Integer.toHexString(0x100000 + n).toUpperCase(Locale.ROOT) : null;
        if (inRheum) {
            Cohort cohort = both ? Cohort.SLE : pick(Cohort.SLE, Cohort.SLE, Cohort.SSC, Cohort.IIM, Cohort.IIM, cohortDense ? Cohort.SSC : Cohort.JIA);
            write(rheum, new Child(n, "R" + (100000 + n), birth, female, cohort, key));
        }
        if (inNephro) {
            Cohort cohort = both ? Cohort.SLE : pick(Cohort.NS, Cohort.NS, Cohort.IGAN, Cohort.IGAN, cohortDense ? Cohort.NS : Cohort.CKD);
            write(nephro, new Child(n, "N" + (200000 + n), birth, female, cohort, key));
        }
    }

    private void write(Registry r, Child c) {
        boolean patientFault = random.nextDouble() < faultRate / 4;
        String birth = r.date(c.birth());
        String[] patient = {c.id(), birth, r.sex(c.female()), c.linkageKey() == null ? "" : c.linkageKey(),
                r.site(random.nextInt(4)), r.yesNo(random.nextDouble() < 0.9)};
        if (patientFault) {
            patient[2] = "X";
            plant(r, r.patients, r.patients.row(patient), "patient row: unknown sex code");
        } else {
            r.patients.row(patient);
        }
        String orphanCause = patientFault ? "fact of a rejected patient" : null;

        for (String[] d : diagnoses(r, c)) fact(r, r.diagnoses, d, 3, c, orphanCause);
        List<LocalDate> visits = visits(c.birth());
        for (LocalDate visit : visits) {
            for (String analyte : visitAnalytes(c.cohort())) {
                fact(r, r.labs, lab(r, c, visit, analyte), 1, c, orphanCause);
            }
        }
        for (String[] m : medications(r, c)) fact(r, r.medications, m, 6, c, orphanCause);
        for (int i = 0; i < 4 && i < visits.size(); i++) {
            LocalDate visit = visits.get(visits.size() - 1 - i);
            for (String[] o : observations(r, c, visit, i)) fact(r, r.observations, o, 1, c, orphanCause);
        }
        if (c.cohort() != Cohort.JIA && c.cohort() != Cohort.SSC && random.nextDouble() < 0.7) {
            fact(r, r.biopsies, biopsy(r, c), 1, c, orphanCause);
        }
    }

    /** Writes a fact row, possibly with a planted fault; {@code dateIndex} is the row's main date field. */
    private void fact(Registry r, ExportFileWriter file, String[] row, int dateIndex, Child c, String orphanCause) {
        if (orphanCause != null) {
            plant(r, file, file.row(row), orphanCause);
            return;
        }
        if (random.nextDouble() >= faultRate) {
            file.row(row);
            return;
        }
        int kind = random.nextInt(file == r.labs ? 12 : 7);
        String[] bad = row.clone();
        switch (kind) {
            case 0 -> plant(r, file, file.row(java.util.Arrays.copyOf(row, row.length - 1)), "too few fields");
            case 1 -> {
                String[] more = java.util.Arrays.copyOf(row, row.length + 1);
                more[row.length] = "extra";
                plant(r, file, file.row(more), "too many fields");
            }
            case 2 -> {
                bad[dateIndex] = r.badDate();
                plant(r, file, file.row(bad), "unparseable date");
            }
            case 3 -> {
                bad[dateIndex] = r.date(runDate.plusYears(36));
                plant(r, file, file.row(bad), "date after the run date");
            }
            case 4 -> {
                bad[0] = r.unknownPatient(c.number());
                plant(r, file, file.row(bad), "unknown patient");
            }
            case 5 -> {
                file.row(row);
                plant(r, file, file.row(row), "exact duplicate");
            }
            case 6 -> {
                bad[dateIndex] = r.date(c.birth().minusDays(30));
                plant(r, file, file.row(bad), "date before birth");
            }
            case 7 -> {
                bad[2] = r.unmappedLabCode();
                plant(r, file, file.row(bad), "unmapped lab code");
            }
            case 8 -> {
                if (row[5].isEmpty()) { // a titer or POS/NEG needs no unit: plant nothing here
                    file.row(row);
                    return;
                }
                bad[5] = "furlongs/fortnight";
                plant(r, file, file.row(bad), "unknown unit");
            }
            case 9 -> {
                bad[4] = "-" + bad[4].replace("-", "").replace("<", "").replace(">", "");
                if (!bad[4].substring(1).matches("[0-9]+([.,][0-9]+)?")) { // a titer or a text value would be unreadable, not implausible
                    file.row(row);
                    return;
                }
                plant(r, file, file.row(bad), "implausible value");
            }
            case 10 -> {
                bad[4] = "n.d.";
                plant(r, file, file.row(bad), "unreadable value");
            }
            default -> {
                String line = file.join(row);
                int at = line.indexOf(r.delimiter()) + 1;
                plant(r, file, file.rowWithLatin1(line.substring(0, at), "\u00e9", line.substring(at)), "not valid UTF-8");
            }
        }
    }

    private void plant(Registry r, ExportFileWriter file, long line, String fault) {
        faults.row(r.name, file.fileName(), Long.toString(line), fault);
    }

    // ---- clinical content -------------------------------------------------------------------

    private List<String[]> diagnoses(Registry r, Child c) {
        List<String[]> rows = new ArrayList<>();
        LocalDate onset = c.birth().plusDays(365L + random.nextInt((int) Math.max(2, c.birth().until(runDate).toTotalMonths() * 30 - 400)));
        String[] main = switch (c.cohort()) {
            case SLE -> new String[] {pick("M32.14", "M32.1", "M32.9"), "Systemic lupus erythematosus", pick("EULAR/ACR 2019", "SLICC 2012", "")};
            case SSC -> new String[] {pick("M34.0", "M34.1", "M34.9"), "Systemic sclerosis", pick("ACR/EULAR 2013", "PRES/ACR/EULAR 2007", "")};
            case IIM -> new String[] {pick("M33.0", "M33.1"), "Juvenile dermatomyositis", pick("EULAR/ACR 2017", "")};
            case JIA -> new String[] {pick("M08.0", "M08.2", "M08.4"), "Juvenile idiopathic arthritis", ""};
            case NS -> new String[] {pick("N04.0", "N04.1", "N04.2"), "Nephrotic syndrome, steroid resistant", ""};
            case IGAN -> new String[] {pick("N02.8", "N02.B1"), "IgA nephropathy", ""};
            case CKD -> new String[] {"N18.3", "Chronic kidney disease, stage 3", ""};
        };
        rows.add(r.diagnosis(c.id(), main[0], main[1], onset, null, main[2]));
        String[][] others = {
            {"D69.6", "Thrombocytopenia,\nunspecified"}, {"E80.4", "Gilbert syndrome"}, {"J45.9", "Asthma"},
            {"L40.5", "Psoriatic arthritis"}, {"G40.9", "Epilepsy"}, {"N39.0", "Urinary tract infection"},
            {"J06.9", "Upper respiratory infection"}, {"E06.3", "Autoimmune thyroiditis"}, {"I50.9", "Heart failure"},
            {"C91.0", "Acute lymphoblastic leukaemia"}, {"D80.1", "Nonfamilial hypogammaglobulinaemia"}, {"B01.9", "Varicella"}};
        int extra = 2 + random.nextInt(5);
        boolean[] used = new boolean[others.length];
        for (int i = 0; i < extra; i++) {
            int k = random.nextInt(others.length);
            if (used[k]) continue;
            used[k] = true;
            LocalDate start = onset.plusDays(random.nextInt(400));
            if (start.isAfter(runDate)) start = runDate.minusDays(10);
            LocalDate end = random.nextDouble() < 0.5 ? start.plusDays(5 + random.nextInt(60)) : null;
            if (end != null && end.isAfter(runDate)) end = null;
            rows.add(r.diagnosis(c.id(), others[k][0], others[k][1], start, end, ""));
        }
        return rows;
    }

    private List<LocalDate> visits(LocalDate birth) {
        List<LocalDate> visits = new ArrayList<>();
        LocalDate d = runDate.minusDays(random.nextInt(200));
        for (int i = 0; i < 12; i++) {
            if (d.isAfter(birth.plusDays(60))) visits.add(0, d);
            d = d.minusDays(60 + random.nextInt(60));
        }
        return visits;
    }

    private String[] visitAnalytes(Cohort cohort) {
        return switch (cohort) {
            case SLE -> new String[] {"ANC", "HGB", "PLT", "ALT", "AST", "CREA", "UPCR", "URBC", "ANA"};
            case NS, IGAN, CKD -> new String[] {"ANC", "HGB", "PLT", "CREA", "UPCR", "UPRO24", "ALB", "EGFR"};
            default -> new String[] {"ANC", "HGB", "PLT", "ALT", "AST", "TBIL", "CREA", "CD19"};
        };
    }

    private String[] lab(Registry r, Child c, LocalDate date, String analyte) {
        double v = switch (analyte) {
            case "ANC" -> 0.6 + random.nextDouble() * 6;
            case "HGB" -> 70 + random.nextDouble() * 80;
            case "PLT" -> 20 + random.nextDouble() * 400;
            case "ALT", "AST" -> 10 + random.nextDouble() * 150;
            case "TBIL" -> 3 + random.nextDouble() * 40;
            case "CREA" -> 25 + random.nextDouble() * 150;
            case "UPCR" -> 5 + random.nextDouble() * 400;
            case "UPRO24" -> 0.05 + random.nextDouble() * 3;
            case "ALB" -> 15 + random.nextDouble() * 30;
            case "EGFR" -> 20 + random.nextDouble() * 110;
            case "URBC" -> random.nextInt(40);
            case "CD19" -> random.nextInt(600);
            default -> 0;
        };
        if (analyte.equals("ANA")) return r.lab(c.id(), date, analyte, pick("1:40", "1:80", "1:320", "POS", "NEG"), "", "", "");
        if (analyte.equals("URBC") && random.nextDouble() < 0.1) return r.lab(c.id(), date, analyte, "<1", "/HPF", "", "5");
        return r.quantityLab(c.id(), date, analyte, v, random);
    }

    private List<String[]> medications(Registry r, Child c) {
        List<String[]> rows = new ArrayList<>();
        LocalDate start = runDate.minusDays(200 + random.nextInt(1500));
        String[][] drugs = switch (c.cohort()) {
            case SLE -> new String[][] {{"Prednisolone", "H02AB06", "1", "mg/kg"}, {"Hydroxychloroquine", "P01BA02", "200", "mg"},
                {"Mycophenolate mofetil", "L04AA06", "600", "mg/m2"}, {"Azathioprine", "L04AX01", "50", "mg"},
                {"Rituximab", "L01FA01", "375", "mg/m2"}, {"Methylprednisolone", "H02AB04", "30", "mg/kg"},
                {"Belimumab", "L04AA26", "10", "mg/kg"}, {"Cyclophosphamide", "L01AA01", "500", "mg/m2"},
                {"Tacrolimus", "L04AD02", "0.1", "mg/kg"}, {"Ramipril", "C09AA05", "2.5", "mg"}};
            case SSC -> new String[][] {{"Methotrexate", "L04AX03", "15", "mg"}, {"Mycophenolate mofetil", "L04AA06", "0.5", "g"},
                {"Tocilizumab", "L04AC07", "8", "mg/kg"}, {"Prednisolone", "H02AB06", "5", "mg"}, {"Nifedipine", "C08CA05", "10", "mg"},
                {"Cyclophosphamide", "L01AA01", "500", "mg/m2"}, {"Omeprazole", "A02BC01", "20", "mg"}, {"Bosentan", "C02KX01", "62.5", "mg"},
                {"Iloprost", "B01AC11", "1", "mg"}, {"Rituximab", "L01FA01", "375", "mg/m2"}};
            case IIM -> new String[][] {{"Methylprednisolone", "H02AB04", "30", "mg/kg"}, {"Prednisolone", "H02AB06", "2", "mg/kg"},
                {"Methotrexate", "L04AX03", "15", "mg"}, {"Immunoglobulin (IVIG)", "J06BA02", "2", "g/kg"},
                {"Ciclosporin", "L04AD01", "75", "mg"}, {"Mycophenolate mofetil", "L04AA06", "600", "mg/m2"},
                {"Hydroxychloroquine", "P01BA02", "200", "mg"}, {"Tacrolimus", "L04AD02", "0.1", "mg/kg"},
                {"Cyclophosphamide", "L01AA01", "500", "mg/m2"}, {"Rituximab", "L01FA01", "375", "mg/m2"}};
            default -> new String[][] {{"Prednisolone", "H02AB06", "60", "mg"}, {"Tacrolimus", "L04AD02", "0.1", "mg/kg"},
                {"Ciclosporin", "L04AD01", "150", "mg"}, {"Mycophenolate mofetil", "L04AA06", "600", "mg/m2"},
                {"Rituximab", "L01FA01", "375", "mg/m2"}, {"Ramipril", "C09AA05", "2.5", "mg"}, {"Losartan", "C09CA01", "25", "mg"},
                {"Cyclophosphamide", "L01AA01", "2", "mg/kg"}, {"Furosemide", "C03CA01", "20", "mg"}, {"Enalapril", "C09AA02", "5", "mg"}};
        };
        for (int i = 0; i < drugs.length; i++) {
            if (random.nextDouble() < 0.1) continue;
            LocalDate from = start.plusDays(i * 37L + random.nextInt(30));
            if (from.isBefore(c.birth().plusDays(100))) from = c.birth().plusDays(100 + i);
            if (from.isAfter(runDate)) from = runDate.minusDays(i + 1);
            boolean single = drugs[i][1].startsWith("L01FA") || drugs[i][1].equals("J06BA02");
            LocalDate to = single ? from : random.nextDouble() < 0.4 ? null : from.plusDays(20 + random.nextInt(500));
            if (to != null && to.isAfter(runDate)) to = null;
            String reason = to == null ? "" : single ? "completed" : pick("completed", "inefficacy", "intolerance", "other", "");
            rows.add(r.medication(c.id(), drugs[i][0], drugs[i][1], drugs[i][2], drugs[i][3], single ? "" : pick("1", "2", ""), from, to, reason));
        }
        return rows;
    }

    private List<String[]> observations(Registry r, Child c, LocalDate visit, int index) {
        List<String[]> rows = new ArrayList<>();
        long ageDays = c.birth().until(visit, java.time.temporal.ChronoUnit.DAYS);
        double height = Math.min(185, 75 + ageDays / 365.0 * 6);
        rows.add(r.observation(c.id(), visit, "WEIGHT", Math.round(height * height / 10000 * 17 * 10) / 10.0));
        rows.add(r.observation(c.id(), visit, "HEIGHT", Math.round(height)));
        if (index == 0) {
            rows.add(r.observation(c.id(), visit, "SPO2", 88 + random.nextInt(12)));
            if (random.nextDouble() < 0.6) rows.add(r.observation(c.id(), visit, "LVEF", 45 + random.nextInt(25)));
        } else if (index == 1) {
            rows.add(r.yesNoObservation(c.id(), visit, "DIALYSIS", random.nextDouble() < 0.03));
            rows.add(r.yesNoObservation(c.id(), visit, "HOME_OXYGEN", random.nextDouble() < 0.02));
        }
        return rows;
    }

    private String[] biopsy(Registry r, Child c) {
        LocalDate date = runDate.minusDays(30 + random.nextInt(1200));
        if (date.isBefore(c.birth())) date = c.birth().plusDays(400);
        return switch (c.cohort()) {
            case SLE -> r.biopsy(c.id(), date, "kidney", "lupus nephritis", pick("III", "IV", "V", "IV+V", "II"), random.nextInt(60));
            case IIM -> r.biopsy(c.id(), date, "muscle", "juvenile dermatomyositis", "", -1);
            case IGAN -> r.biopsy(c.id(), date, "kidney", "IgA nephropathy (Oxford M1 E0 S1 T0)", "", random.nextInt(30));
            default -> r.biopsy(c.id(), date, "kidney", pick("FSGS", "minimal change disease"), "", random.nextInt(10));
        };
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    // ---- the two layouts ------------------------------------------------------------------------

    /** The layout of one registry: files, columns, conventions and codes. */
    private static final class Registry {
        final String name;
        final boolean isRheum;
        final char delimiter;
        final DateTimeFormatter dates;
        ExportFileWriter patients;
        ExportFileWriter diagnoses;
        ExportFileWriter labs;
        ExportFileWriter medications;
        ExportFileWriter observations;
        ExportFileWriter biopsies;

        private Registry(String name, boolean isRheum) {
            this.name = name;
            this.isRheum = isRheum;
            this.delimiter = isRheum ? ',' : ';';
            this.dates = DateTimeFormatter.ofPattern(isRheum ? "yyyy-MM-dd" : "dd/MM/yyyy");
        }

        static Registry rheum() {
            return new Registry("rheum", true);
        }

        static Registry nephro() {
            return new Registry("nephro", false);
        }

        char delimiter() {
            return delimiter;
        }

        void open(Path dir) throws IOException {
            Files.createDirectories(dir);
            String eol = isRheum ? "\r\n" : "\n";
            if (isRheum) {
                patients = new ExportFileWriter(dir.resolve("patients.csv"), ',', eol, true, List.of("patient_id", "birth_date", "sex", "linkage_key", "site_code", "recontact_consent"));
                diagnoses = new ExportFileWriter(dir.resolve("diagnoses.csv"), ',', eol, true, List.of("patient_id", "icd10_code", "description", "onset_date", "status", "resolved_date", "classification"));
                labs = new ExportFileWriter(dir.resolve("labs.csv"), ',', eol, true, List.of("patient_id", "collected_date", "loinc", "test_name", "value", "unit", "ref_low", "ref_high"));
                medications = new ExportFileWriter(dir.resolve("medications.csv"), ',', eol, true, List.of("patient_id", "drug_name", "atc_code", "dose", "dose_unit", "doses_per_day", "start_date", "stop_date", "stop_reason"));
                observations = new ExportFileWriter(dir.resolve("observations.csv"), ',', eol, true, List.of("patient_id", "obs_date", "code", "value", "unit"));
                biopsies = new ExportFileWriter(dir.resolve("biopsies.csv"), ',', eol, true, List.of("patient_id", "biopsy_date", "organ", "diagnosis", "isn_rps_class", "crescents_pct"));
            } else {
                patients = new ExportFileWriter(dir.resolve("subjects.csv"), ';', eol, false, List.of("subject_no", "date_of_birth", "gender", "link_id", "centre", "contact_ok"));
                diagnoses = new ExportFileWriter(dir.resolve("conditions.csv"), ';', eol, false, List.of("subject_no", "icd10", "label", "start", "end", "criteria_set"));
                labs = new ExportFileWriter(dir.resolve("lab_results.csv"), ';', eol, false, List.of("subject_no", "sample_date", "local_code", "analyte", "result", "units", "lower_limit", "upper_limit"));
                medications = new ExportFileWriter(dir.resolve("treatments.csv"), ';', eol, false, List.of("subject_no", "drug", "atc", "dose", "unit", "per_day", "from", "to", "reason_stopped"));
                observations = new ExportFileWriter(dir.resolve("clinical.csv"), ';', eol, false, List.of("subject_no", "visit_date", "item", "value", "unit"));
                biopsies = new ExportFileWriter(dir.resolve("pathology.csv"), ';', eol, false, List.of("subject_no", "biopsy_date", "specimen", "histology", "class", "crescents_percent"));
            }
        }

        void close() {
            for (ExportFileWriter w : new ExportFileWriter[] {patients, diagnoses, labs, medications, observations, biopsies}) {
                if (w != null) w.close();
            }
        }

        String date(LocalDate d) {
            return d.format(dates);
        }

        String badDate() {
            return isRheum ? "2026-02-30" : "30/02/2026";
        }

        String unknownPatient(int n) {
            return (isRheum ? "R9" : "N9") + (100000 + n);
        }

        String unmappedLabCode() {
            return isRheum ? "1989-3" : "VITD";
        }

        String sex(boolean female) {
            return isRheum ? (female ? "F" : "M") : (female ? "2" : "1");
        }

        String yesNo(boolean yes) {
            return isRheum ? (yes ? "Y" : "N") : (yes ? "1" : "0");
        }

        String site(int i) {
            return (isRheum ? "SITE-" : "NEPH-") + (char) ('A' + i);
        }

        String number(double v) {
            String s = String.format(Locale.ROOT, "%.2f", v);
            if (s.endsWith(".00")) s = s.substring(0, s.length() - 3);
            return isRheum ? s : s.replace('.', ',');
        }

        String[] diagnosis(String id, String code, String text, LocalDate onset, LocalDate end, String classification) {
            if (isRheum) {
                return new String[] {id, code, text, date(onset), end == null ? "active" : "resolved", end == null ? "" : date(end), classification};
            }
            return new String[] {id, code, text, date(onset), end == null ? "" : date(end), classification};
        }

        String[] lab(String id, LocalDate date, String analyte, String value, String unit, String low, String high) {
            return new String[] {id, date(date), code(analyte), analyte.toLowerCase(Locale.ROOT), value, unit, low, high};
        }

        /** A quantity in the canonical unit {@code v}, written in one of this registry's units. */
        String[] quantityLab(String id, LocalDate date, String analyte, double v, SplittableRandom random) {
            String[][] units = isRheum ? switch (analyte) {
                case "ANC", "PLT" -> new String[][] {{"K/uL", "1"}, {"10^9/L", "1"}, {"x10^9/L", "1"}, {"/uL", "1000"}, {"cells/\u00b5L", "1000"}};
                case "HGB" -> new String[][] {{"g/dL", "0.1"}, {"g/L", "1"}, {"mmol/L", "0.0620578"}};
                case "ALT", "AST" -> new String[][] {{"U/L", "1"}, {"\u00b5kat/L", "0.0166667"}};
                case "TBIL" -> new String[][] {{"mg/dL", "0.0584659"}, {"umol/L", "1"}};
                case "CREA" -> new String[][] {{"mg/dL", "0.0113122"}, {"\u00b5mol/L", "1"}};
                case "UPCR" -> new String[][] {{"mg/mg", "0.00884017"}, {"mg/g", "8.84017"}, {"mg/mmol", "1"}};
                case "UPRO24" -> new String[][] {{"g/24h", "1"}, {"mg/24h", "1000"}};
                case "ALB" -> new String[][] {{"g/dL", "0.1"}, {"g/L", "1"}};
                case "EGFR" -> new String[][] {{"mL/min/1.73m2", "1"}};
                case "URBC" -> new String[][] {{"/HPF", "1"}};
                case "CD19" -> new String[][] {{"cells/uL", "1"}, {"10*9/L", "0.001"}};
                default -> throw new IllegalArgumentException(analyte);
            } : switch (analyte) {
                case "ANC", "PLT" -> new String[][] {{"10^9/L", "1"}, {"10E9/L", "1"}};
                case "HGB" -> new String[][] {{"g/L", "1"}, {"mmol/L", "0.0620578"}};
                case "ALT", "AST" -> new String[][] {{"U/L", "1"}, {"\u03bckat/L", "0.0166667"}};
                case "TBIL", "CREA" -> new String[][] {{"\u00b5mol/L", "1"}, {"umol/L", "1"}};
                case "UPCR" -> new String[][] {{"mg/mmol", "1"}, {"g/g", "0.00884017"}};
                case "UPRO24" -> new String[][] {{"g/24h", "1"}, {"g/d", "1"}};
                case "ALB" -> new String[][] {{"g/L", "1"}};
                case "EGFR" -> new String[][] {{"mL/min/1.73m2", "1"}};
                case "URBC" -> new String[][] {{"/HPF", "1"}};
                case "CD19" -> new String[][] {{"cells/uL", "1"}, {"/uL", "1"}};
                default -> throw new IllegalArgumentException(analyte);
            };
            String[] unit = units[random.nextInt(units.length)];
            double factor = Double.parseDouble(unit[1]);
            String value = number(v * factor);
            if (random.nextDouble() < 0.02) value = " +" + value + " ";
            String high = random.nextDouble() < 0.5 ? number(referenceHigh(analyte) * factor) : "";
            return lab(id, date, analyte, value, unit[0], "", high);
        }

        private static double referenceHigh(String analyte) {
            return switch (analyte) {
                case "ALT" -> 45;
                case "AST" -> 50;
                case "TBIL" -> 21;
                case "CREA" -> 80;
                case "ANC" -> 8;
                case "PLT" -> 400;
                case "HGB" -> 160;
                case "UPCR" -> 20;
                case "UPRO24" -> 0.15;
                case "ALB" -> 50;
                case "EGFR" -> 150;
                case "URBC" -> 5;
                case "CD19" -> 500;
                default -> 1;
            };
        }

        private String code(String analyte) {
            if (!isRheum) return switch (analyte) {
                case "ANC" -> "NEUT";
                case "HGB" -> "HB";
                default -> analyte;
            };
            return switch (analyte) {
                case "ANC" -> "751-8";
                case "HGB" -> "718-7";
                case "PLT" -> "777-3";
                case "ALT" -> "1742-6";
                case "AST" -> "1920-8";
                case "TBIL" -> "1975-2";
                case "CREA" -> "2160-0";
                case "EGFR" -> "62238-1";
                case "UPRO24" -> "2889-4";
                case "UPCR" -> "2890-2";
                case "URBC" -> "13945-1";
                case "ALB" -> "1751-7";
                case "ANA" -> "8061-4";
                case "CD19" -> "8116-6";
                default -> throw new IllegalArgumentException(analyte);
            };
        }

        String[] medication(String id, String drug, String atc, String dose, String unit, String perDay, LocalDate from, LocalDate to, String reason) {
            String d = isRheum ? dose : dose.replace('.', ',');
            return new String[] {id, drug, atc, d, unit, perDay, date(from), to == null ? "" : date(to), reason};
        }

        String[] observation(String id, LocalDate date, String code, double value) {
            String item = isRheum ? code : switch (code) {
                case "WEIGHT" -> "WEIGHT_KG";
                case "HEIGHT" -> "HEIGHT_CM";
                default -> code;
            };
            String unit = switch (code) {
                case "WEIGHT" -> "kg";
                case "HEIGHT" -> "cm";
                default -> "%";
            };
            return new String[] {id, date(date), item, number(value), unit};
        }

        String[] yesNoObservation(String id, LocalDate date, String code, boolean yes) {
            return new String[] {id, date(date), code, yesNo(yes), ""};
        }

        String[] biopsy(String id, LocalDate date, String organ, String diagnosis, String isnClass, int crescents) {
            return new String[] {id, date(date), organ, diagnosis, isnClass, crescents < 0 ? "" : Integer.toString(crescents)};
        }
    }
}
