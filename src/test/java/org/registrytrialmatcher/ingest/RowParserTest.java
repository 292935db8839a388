package org.registrytrialmatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.source.SourceProfile;
import org.registrytrialmatcher.source.SourceProfileLoader;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** Every reason a single row is rejected for, in both layouts, and what a valid row becomes. */
class RowParserTest {
    static final UcumUnits UCUM = new UcumUnits();
    static final MeasureCatalogue CATALOGUE = MeasureCatalogue.load(Path.of("jobs/analytes.yaml"), UCUM);
    static final SourceProfile RHEUM = SourceProfileLoader.load(Path.of("jobs/sources/rheum.yaml"));
    static final SourceProfile NEPHRO = SourceProfileLoader.load(Path.of("jobs/sources/nephro.yaml"));
    static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 25);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "rheum {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "patients|R1,2008-13-40,F,,S,Y|birth_date '2008-13-40' is not a date in the format yyyy-MM-dd",
        "patients|R1,2012-01-01,X,,S,Y|sex 'X' is not a known sex code (expected one of F, M)",
        "patients|R1,,F,,S,Y|no birth date (column birth_date is empty)",
        "patients|,2012-01-01,F,,S,Y|no patient ID (column patient_id is empty)",
        "patients|R1,2027-01-01,F,,S,Y|birth_date 2027-01-01 is after the run date 2026-11-25",
        "patients|R1,2012-01-01,F,,S,maybe|recontact_consent 'maybe' is not a known consent code (expected one of Y, N)",
        "patients|R1,2012-01-01,F,,S|has 5 field(s), the header has 6",
        "patients|R1,2012-01-01,F,,S,Y,extra|has 7 field(s), the header has 6",
        "diagnoses|R1,lupus,SLE,2020-01-01,active,,|icd10_code 'LUPUS' is not an ICD-10 code",
        "diagnoses|R1,M32.1,SLE,2020-01-01,chronic,,|status 'chronic' is not a known diagnosis status",
        "diagnoses|R1,M32.1,SLE,2020-05-01,resolved,2020-01-01,|resolved_date 2020-01-01 is before onset_date 2020-05-01",
        "diagnoses|R1,,SLE,2020-05-01,active,,|no ICD-10 code (column icd10_code is empty)",
        "labs|R1,2026-10-20,9999-9,VitD,55,nmol/L,,|lab code '9999-9' is not mapped to an analyte in profile rheum",
        "labs|R1,2026-10-20,718-7,Hb,10.8,g/100mL,,|unit 'g/100mL' is not known for haemoglobin",
        "labs|R1,2026-10-20,1742-6,ALT,1.1,mg/dL,,|unit 'mg/dL' (UCUM mg/dL) cannot be converted to U/L for ALT",
        "labs|R1,2026-10-20,718-7,Hb,26.5,g/dL,,|haemoglobin 26.5 g/dL is not plausible (265 g/L; plausible 0 to 250 g/L)",
        "labs|R1,2026-10-20,777-3,PLT,-5,10^9/L,,|platelets -5 10^9/L is not plausible",
        "labs|R1,2026-10-20,751-8,ANC,-0.1,K/uL,,|neutrophils (absolute) -0.1 K/uL is not plausible",
        "labs|R1,2026-10-20,777-3,PLT,n/a,10^9/L,,|platelets value 'n/a' cannot be read (expected a number)",
        "labs|R1,2026-10-20,777-3,PLT,1.2.3,10^9/L,,|platelets value '1.2.3' is not a number with a decimal point",
        "labs|R1,2026-10-20,777-3,PLT,\"1,5\",10^9/L,,|platelets value '1,5' is not a number with a decimal point",
        "labs|R1,2026-02-30,751-8,ANC,2.5,K/uL,,|collected_date '2026-02-30' is not a date in the format yyyy-MM-dd",
        "labs|R1,2025-02-29,751-8,ANC,2.5,K/uL,,|collected_date '2025-02-29' is not a date in the format yyyy-MM-dd",
        "labs|R1,2026-10-20x,751-8,ANC,2.5,K/uL,,|collected_date '2026-10-20x' is not a date in the format yyyy-MM-dd",
        "labs|R1,2026-1-20,751-8,ANC,2.5,K/uL,,|collected_date '2026-1-20' is not a date in the format yyyy-MM-dd",
        "labs|R1,20/10/2026,751-8,ANC,2.5,K/uL,,|collected_date '20/10/2026' is not a date in the format yyyy-MM-dd",
        "labs|R1,2062-10-20,751-8,ANC,2.5,K/uL,,|collected_date 2062-10-20 is after the run date 2026-11-25",
        "labs|R1,2026-10-20,751-8,ANC,,K/uL,,|no result value (column value is empty)",
        "labs|R1,2026-10-20,718-7,Hb,118,,,|haemoglobin has no unit",
        "labs|R1,2026-10-20,8061-4,ANA,1:x,,,|ANA value '1:x' cannot be read (expected a titer 1:N or POS/NEG)",
        "labs|R1,2026-10-20,5794-3,Dip,4+,,,|urine blood (dipstick) value '4+' cannot be read (expected NEG, TRACE, 1+, 2+ or 3+)",
        "labs|R1,2026-10-20,1742-6,ALT,40,U/L,low,45|ref_low 'low' is not a number with a decimal point",
        "medications|R1,Pred,H02AB06,2,tablets,1,2024-09-01,,|dose_unit 'tablets' is not a known dose unit",
        "medications|R1,MTX,L04AX03,15,mg,,2023-05-01,2023-04-01,other|stop_date 2023-04-01 is before start_date 2023-05-01",
        "medications|R1,CsA,L04AD01,75,mg,2,2023-06-01,2024-01-01,lost|stop_reason 'lost' is not a known stop reason",
        "medications|R1,TCZ,L04AC07,abc,mg,,2024-01-01,,|dose 'abc' is not a number with a decimal point",
        "medications|R1,,,10,mg,1,2025-01-01,,|neither drug name nor ATC code given",
        "medications|R1,Pred,H02AB06,10,mg,1,,,|no start date (column start_date is empty)",
        "medications|R1,Pred,H02-AB06,10,mg,1,2025-01-01,,|atc_code 'H02-AB06' is not an ATC code",
        "medications|R1,Pred,H02AB06,10,,1,2025-01-01,,|dose 10 has no unit",
        "medications|R1,Pred,H02AB06,10,mg,0,2025-01-01,,|doses_per_day 0 is not a positive number",
        "observations|R1,2026-09-15,LVEF,120,%|LVEF 120 % is not plausible",
        "observations|R1,2026-09-15,BMI,14.6,kg/m2|observation code 'BMI' is not mapped in profile rheum",
        "observations|R1,2026-09-15,NYHA,V,|NYHA class value 'V' cannot be read (expected I, II, III or IV)",
        "observations|R1,2026-09-15,DIALYSIS,maybe,|dialysis value 'maybe' cannot be read (expected yes/no)",
        "observations|R1,2026-09-15,WEIGHT,40,stone|unit 'stone' is not known for weight",
        "biopsies|R1,2024-12-12,kidney,LN,VII,|isn_rps_class 'VII' is not an ISN/RPS class",
        "biopsies|R1,2024-12-12,kidney,LN,III,150|crescents_pct 150 is not a percentage from 0 to 100",
        "biopsies|R1,2024-12-12,liver,steatosis,,|organ 'liver' is not a known organ",
    })
    void rejectsRheumRows(String kind, String row, String reason) throws IOException {
        assertRejected(RHEUM, kind, row, reason);
    }

    @ParameterizedTest(name = "nephro {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "patients|N1;01/01/2012;3;;C;1|gender '3' is not a known sex code (expected one of 1, 2)",
        "patients|N1;31/02/2012;1;;C;1|date_of_birth '31/02/2012' is not a date in the format dd/MM/yyyy",
        "patients|N1;2012-03-14;2;;C;1|date_of_birth '2012-03-14' is not a date in the format dd/MM/yyyy",
        "patients|N1;01/01/2030;2;;C;1|date_of_birth 01/01/2030 is after the run date 25/11/2026",
        "diagnoses|N1;N10;Pyelonephritis;01/01/2026;01/12/2025;|end 01/12/2025 is before start 01/01/2026",
        "labs|N1;10/11/2026;NEUT;Neutrophils;1.5;10^9/L;;|neutrophils (absolute) value '1.5' is not a number with a decimal comma",
        "labs|N1;10/11/2026;XYZ;Unknown;3;mmol/L;;|lab code 'XYZ' is not mapped to an analyte in profile nephro",
        "labs|N1;10/11/2026;UPCR;UPCR;35;mg/dl;;|unit 'mg/dl' (UCUM mg/dL) cannot be converted to mg/mmol",
        "labs|N1;01/11/2026;CREA;Creatinine;positive;µmol/L;;|serum creatinine value 'positive' cannot be read",
        "labs|N1;01/11/2026;HB;Hb;7,1;mmol/L;7,4;9,9;|has 9 field(s), the header has 8 (is a delimiter ';' or a quote missing or extra?)",
        "medications|N1;Losartan;C09CA01;25;puffs;1;01/06/2024;;|unit 'puffs' is not a known dose unit",
        "medications|N1;Pred;H02AB06;2;mg/kg;1;1st March 2025;;|from '1st March 2025' is not a date in the format dd/MM/yyyy",
        "observations|N1;01/11/2026;SPO2;-3;%|SpO2 -3 % is not plausible",
        "observations|N1;01/11/2026;TEMP;37,2;Cel|observation code 'TEMP' is not mapped in profile nephro",
        "observations|N1;01/11/2026;DIALYSIS;Y;|dialysis value 'Y' cannot be read (expected yes/no)",
        "biopsies|N1;15/04/2019;kidney;FSGS;;about half|crescents_percent 'about half' is not a number with a decimal comma",
    })
    void rejectsNephroRows(String kind, String row, String reason) throws IOException {
        assertRejected(NEPHRO, kind, row, reason);
    }

    @Test
    void rejectsAnUnreadableRecordWithTheReaderReason() throws IOException {
        ParsedRow parsed = parseRaw(RHEUM, RecordKind.BIOPSIES, "R1,2025-01-01,kidney,\"open,,\nR2,2025-01-01,kidney,LN,,\n");
        assertThat(parsed).isInstanceOfSatisfying(ParsedRow.Rejected.class,
                r -> assertThat(r.reason()).startsWith("cannot be read as CSV from this line to the end of the file"));
    }

    @Test
    void rejectsLatin1TextInAUtf8Export() throws IOException {
        Path file = dir.resolve("labs.csv");
        Files.write(file, ("patient_id,collected_date,loinc,test_name,value,unit,ref_low,ref_high\nR1,2026-07-07,718-7,H\u00e4moglobin,12.1,g/dL,,\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        ParsedRow parsed = parseFile(RHEUM, RecordKind.LABS, file);
        assertThat(parsed).isInstanceOfSatisfying(ParsedRow.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo("contains bytes that are not valid UTF-8 text (was the file saved in another encoding, e.g. Latin-1?)");
            assertThat(r.raw()).contains("H\uFFFDmoglobin");
        });
    }

    @Test
    void stagesAPatientWithItsCodedValues() throws IOException {
        Object[] rheum = staged(RHEUM, "patients", "R1,2012-03-14,F,LK-1,SITE-A,Y");
        assertThat(rheum).containsExactly("R1", LocalDate.of(2012, 3, 14), "F", "LK-1", "SITE-A", "Y");
        Object[] nephro = staged(NEPHRO, "patients", "N1;14/03/2012;1;;NEPH-1;0");
        assertThat(nephro).containsExactly("N1", LocalDate.of(2012, 3, 14), "M", null, "NEPH-1", "N");
    }

    @Test
    void derivesDiagnosisStatusFromTheEndDateWhenTheRegistryHasNoStatus() throws IOException {
        assertThat(staged(NEPHRO, "diagnoses", "N1;m32.14;LN;10/04/2022;;SLICC 2012")[4]).isEqualTo("ACTIVE");
        assertThat(staged(NEPHRO, "diagnoses", "N1;N10;Pyelo;10/04/2022;20/04/2022;")[4]).isEqualTo("RESOLVED");
        assertThat(staged(RHEUM, "diagnoses", "R1,M329,SLE,2024-02-02,active,,")[1]).isEqualTo("M32.9");
    }

    /** screening-rules.md, Clarifications, "Qualitative results": POS, POSITIVE, NEG, NEGATIVE in any case. */
    @Test
    void readsQualitativeResultsInAnyCase() throws IOException {
        for (String positive : new String[] {"POS", "pos", "Positive", "POSITIVE"}) {
            assertThat(staged(RHEUM, "labs", "R1,2025-03-01,5353-8,Sm," + positive + ",,,")[10]).as(positive).isEqualTo("POS");
        }
        for (String negative : new String[] {"NEG", "neg", "Negative", "NEGATIVE"}) {
            assertThat(staged(NEPHRO, "labs", "N1;20/10/2026;DSDNA;dsDNA;" + negative + ";;;")[10]).as(negative).isEqualTo("NEG");
        }
        assertRejected(RHEUM, "labs", "R1,2025-03-01,5353-8,Sm,positiv,,,", "anti-Smith value 'positiv' cannot be read");
    }

    @Test
    void readsEveryValueFormOfALab() throws IOException {
        // censored, with its qualifier, converted
        Object[] bili = staged(RHEUM, "labs", "R1,2026-11-01,1975-2,Bili,<0.2,mg/dL,,1.2");
        assertThat(bili[7]).isEqualTo("QUANTITY");
        assertThat(bili[8]).isEqualTo("<");
        assertThat((Double) bili[9]).isCloseTo(3.42, within(0.01));
        assertThat((Double) bili[14]).isCloseTo(20.52, within(0.01));
        // leading plus and spaces
        assertThat((Double) staged(RHEUM, "labs", "R1,2026-11-01,777-3,PLT, +250 ,x10^9/L,,")[9]).isEqualTo(250.0);
        // titer
        Object[] ana = staged(RHEUM, "labs", "R1,2025-03-01,8061-4,ANA,1:320,,,");
        assertThat(ana[7]).isEqualTo("TITER");
        assertThat(ana[9]).isEqualTo(320.0);
        // qualitative
        assertThat(staged(RHEUM, "labs", "R1,2025-03-01,5353-8,Sm,NEG,,,")[10]).isEqualTo("NEG");
        assertThat(staged(NEPHRO, "labs", "N1;20/10/2026;DSDNA;dsDNA;POS;;;")[10]).isEqualTo("POS");
        // dipstick
        Object[] dip = staged(NEPHRO, "labs", "N1;01/11/2026;UBLD;Blood;TRACE;;;");
        assertThat(dip[7]).isEqualTo("ORDINAL");
        assertThat(dip[9]).isEqualTo(1.0);
        assertThat(dip[10]).isEqualTo("TRACE");
        // decimal comma, Greek mu, reference limits converted with the value
        Object[] alt = staged(NEPHRO, "labs", "N1;01/11/2026;ALT;ALT;0,4;\u03bckat/L;;0,75");
        assertThat((Double) alt[9]).isCloseTo(24.0, within(1e-9));
        assertThat((Double) alt[14]).isCloseTo(45.0, within(1e-9));
        assertThat(alt[11]).isEqualTo("U/L");
    }

    @Test
    void convertsDosesToMilligrams() throws IOException {
        Object[] mmf = staged(RHEUM, "medications", "R1,Mycophenolate mofetil,l04aa06,0.5,g,2,2023-04-15,,");
        assertThat(mmf).containsExactly("R1", "Mycophenolate mofetil", "L04AA06", "0.5", "g", 500.0, "mg", 2.0, LocalDate.of(2023, 4, 15), null, null);
        Object[] ivig = staged(NEPHRO, "medications", "N1;IVIG;J06BA02;2;g/kg;;10/03/2023;10/03/2023;completed");
        assertThat(ivig[5]).isEqualTo(2000.0);
        assertThat(ivig[6]).isEqualTo("mg/kg");
        assertThat(ivig[10]).isEqualTo("COMPLETED");
    }

    @Test
    void readsObservationsInEveryUnitAndForm() throws IOException {
        assertThat((Double) staged(RHEUM, "observations", "R1,2026-11-01,WEIGHT,99.2,lb")[6]).isCloseTo(45.0, within(0.01));
        assertThat((Double) staged(RHEUM, "observations", "R1,2026-11-01,HEIGHT,58,in")[6]).isCloseTo(147.32, within(0.001));
        assertThat((Double) staged(RHEUM, "observations", "R1,2026-11-01,HEIGHT,1.45,m")[6]).isCloseTo(145.0, within(1e-9));
        assertThat(staged(RHEUM, "observations", "R1,2026-11-01,NYHA,III,")[6]).isEqualTo(3.0);
        assertThat(staged(RHEUM, "observations", "R1,2026-11-01,HOME_OXYGEN,Y,")[7]).isEqualTo("Y");
        assertThat(staged(NEPHRO, "observations", "N1;10/11/2026;DIALYSIS;1;")[7]).isEqualTo("Y");
        assertThat(staged(NEPHRO, "observations", "N1;10/11/2026;HEIGHT_CM;152;cm")[2]).isEqualTo("HEIGHT");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    private void assertRejected(SourceProfile profile, String kind, String row, String reason) throws IOException {
        ParsedRow parsed = parseRaw(profile, RecordKind.fromKey(kind), row + "\n");
        assertThat(parsed).isInstanceOfSatisfying(ParsedRow.Rejected.class, r -> {
            assertThat(r.reason()).contains(reason);
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.raw()).isEqualTo(row);
        });
    }

    private Object[] staged(SourceProfile profile, String kind, String row) throws IOException {
        ParsedRow parsed = parseRaw(profile, RecordKind.fromKey(kind), row + "\n");
        assertThat(parsed).as("row %s", row).isInstanceOf(ParsedRow.Staged.class);
        return ((ParsedRow.Staged) parsed).values();
    }

    private ParsedRow parseRaw(SourceProfile profile, RecordKind kind, String rows) throws IOException {
        Path file = dir.resolve(kind.key() + ".csv");
        String header = String.join(String.valueOf(profile.delimiter()), profile.file(kind).expectedColumns());
        Files.writeString(file, header + "\n" + rows, StandardCharsets.UTF_8);
        return parseFile(profile, kind, file);
    }

    private ParsedRow parseFile(SourceProfile profile, RecordKind kind, Path file) {
        ExportFileReader reader = new ExportFileReader(profile.name(), profile, profile.file(kind), file);
        reader.open(new ExecutionContext());
        try {
            RowParser parser = new RowParser(kind, profile, reader, RUN_DATE, CATALOGUE, UCUM);
            return parser.process(reader.read());
        } finally {
            reader.close();
        }
    }

    @Test
    void aPlainNumberIsSignDigitsAndAnOptionalDecimalPartInTheRegistrysSeparator() {
        for (String yes : List.of("0", "12", "+3", "-4", "1.5", ".5", "-.25", "007.000")) {
            assertThat(RowFields.isPlainNumber(yes, '.')).as(yes).isTrue();
            assertThat(RowFields.isPlainNumber(yes.replace('.', ','), ',')).as(yes.replace('.', ',')).isTrue();
        }
        for (String no : List.of("", "+", "-", ".", "1.", "1..2", "1.2.3", "1,5", "1e5", "1 000", " 1", "1 ", "+-1", "\u0661", "12a", "NaN", "Infinity", "0x1F")) {
            assertThat(RowFields.isPlainNumber(no, '.')).as(no).isFalse();
        }
        assertThat(RowFields.isPlainNumber("1.5", ',')).isFalse();
    }

    @Test
    void aPlainNumberHasTheValueTheJdksParseGivesIt() {
        java.util.Random random = new java.util.Random(11);
        List<String> numbers = new java.util.ArrayList<>(List.of("0", "-0", "+0", "-0.0", ".5", "-.5", "007", "0.1", "0.3", "1.15", "2.675",
                "9007199254740993", "999999999999999", "9999999999999999", "123456789012345.6", "0.000000000000000000000000001", "17976931348623157"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder n = new StringBuilder(random.nextInt(4) == 0 ? "-" : random.nextInt(8) == 0 ? "+" : "");
            int length = 1 + random.nextInt(random.nextBoolean() ? 6 : 20);
            int point = random.nextInt(length + 1);
            for (int d = 0; d < length; d++) {
                if (d == point && d > 0) n.append('.');
                n.append((char) ('0' + random.nextInt(10)));
            }
            numbers.add(n.toString());
        }
        for (String number : numbers) {
            assertThat(RowFields.isPlainNumber(number, '.')).as(number).isTrue();
            long expected = Double.doubleToRawLongBits(Double.parseDouble(number));
            assertThat(Double.doubleToRawLongBits(RowFields.toDouble(number, '.'))).as(number).isEqualTo(expected);
            assertThat(Double.doubleToRawLongBits(RowFields.toDouble(number.replace('.', ','), ','))).as(number).isEqualTo(expected);
        }
    }

    @Test
    void aValueIsStrippedOfWhiteSpaceAsStringStripDoes() {
        for (String value : List.of("", " ", "a", " a", "a ", " a ", "\ta\n", "\u2003a\u2003", "\u00a0a\u00a0", "\u00e9", "a b", "~", "\u007f", "!x!")) {
            assertThat(RowFields.stripped(value)).as("'%s'", value).isEqualTo(value.strip());
        }
    }

    @Test
    void aDateIsReadOnlyWhenItFitsBothThePatternAndTheCalendar() {
        assertThat(RowFields.parseDate("2024-02-29", RHEUM.dateFormat())).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(RowFields.parseDate("29/02/2024", NEPHRO.dateFormat())).isEqualTo(LocalDate.of(2024, 2, 29));
        for (String no : List.of("", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-05 ", " 2024-01-05", "2024-01-05x",
                "2024-1-05", "24-01-05", "2024/01/05", "29/02/2024", "x")) {
            assertThat(RowFields.parseDate(no, RHEUM.dateFormat())).as(no).isNull();
        }
        assertThat(RowFields.parseDate("2024-02-29", NEPHRO.dateFormat())).isNull();
        assertThat(RowFields.parseDate("29/02/2023", NEPHRO.dateFormat())).isNull();
    }

    /** A parser remembers the text it found to be no date: every later row with it is turned down, naming its own column. */
    @Test
    void theSameImpossibleDateIsRejectedEveryTimeItComesAndInWhicheverColumn() throws IOException {
        SourceProfile.FileLayout layout = RHEUM.file(RecordKind.DIAGNOSES);
        List<String> header = layout.expectedColumns();
        java.util.function.Function<java.util.Map<String, String>, String> row = fields -> String.join(",",
                header.stream().map(column -> fields.getOrDefault(column, "")).toList());
        String onset = layout.column("onset_date");
        String resolved = layout.column("resolved_date");
        String patient = layout.column("patient_id");
        String code = layout.column("icd10_code");
        Path file = dir.resolve("diagnoses.csv");
        Files.writeString(file, String.join("\n", String.join(",", header),
                row.apply(java.util.Map.of(patient, "R1", code, "M32.1", onset, "2026-02-30")),
                row.apply(java.util.Map.of(patient, "R1", code, "M32.1", onset, "2024-01-05")),
                row.apply(java.util.Map.of(patient, "R2", code, "M32.1", onset, "2026-02-30")),
                row.apply(java.util.Map.of(patient, "R3", code, "M32.1", onset, "2024-01-05", resolved, "2026-02-30"))) + "\n", StandardCharsets.UTF_8);
        ExportFileReader reader = new ExportFileReader(RHEUM.name(), RHEUM, layout, file);
        reader.open(new ExecutionContext());
        try {
            RowParser parser = new RowParser(RecordKind.DIAGNOSES, RHEUM, reader, RUN_DATE, CATALOGUE, UCUM);
            assertThat(parser.process(reader.read())).isInstanceOfSatisfying(ParsedRow.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo(onset + " '2026-02-30' is not a date in the format yyyy-MM-dd"));
            assertThat(parser.process(reader.read())).isInstanceOfSatisfying(ParsedRow.Staged.class,
                    s -> assertThat(s.values()).contains(LocalDate.of(2024, 1, 5)));
            assertThat(parser.process(reader.read())).isInstanceOfSatisfying(ParsedRow.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo(onset + " '2026-02-30' is not a date in the format yyyy-MM-dd"));
            assertThat(parser.process(reader.read())).isInstanceOfSatisfying(ParsedRow.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo(resolved + " '2026-02-30' is not a date in the format yyyy-MM-dd"));
        } finally {
            reader.close();
        }
    }

    @Test
    void exactDuplicatesHashAlikeAndDifferentRowsDoNot() {
        assertThat(RowParser.hash(List.of("a", "b"))).isEqualTo(RowParser.hash(List.of("a", "b")));
        assertThat(RowParser.hash(List.of("a", "b"))).isNotEqualTo(RowParser.hash(List.of("ab", "")));
    }

    /**
     * The hash is what the staging documentation says it is, for ASCII fields and for fields whose
     * text turns non-ASCII part-way (the one-pass copy must start such a field again as UTF-8),
     * long ones included: an auditor can recompute it from the export's fields.
     */
    @Test
    void theRowHashIsSha256OfTheFieldsInUtf8EachEndedByAZeroByte() throws Exception {
        List<List<String>> rows = List.of(
                List.of("R100001", "2024-01-07", "751-8", "anc", "2.11", "x10^9/L", "", ""),
                List.of("N1", "01/11/2026", "HB", "H\u00e4moglobin", "12,1", "\u00b5mol/L", "\ud83d\ude00", ""),
                List.of("x".repeat(3000) + "\u4e2d", "", "tail"));
        for (List<String> fields : rows) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String field : fields) {
                sha.update(field.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            assertThat(RowParser.hash(fields)).as(fields.get(0)).isEqualTo(java.util.Arrays.copyOf(sha.digest(), 16));
        }
    }
}
