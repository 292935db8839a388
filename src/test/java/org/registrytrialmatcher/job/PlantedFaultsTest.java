package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.synthetic.SyntheticExportGenerator;

/**
 * An export written independently of the reader (the synthetic generator, in the spec's two
 * layouts) with faults planted in it: every planted fault is in rejected.csv at its line, with
 * a reason of its kind, and no other row is rejected.
 */
class PlantedFaultsTest {
    @TempDir
    Path work;

    @Test
    void everyPlantedFaultIsReportedAndNoValidRowIsRejected() throws IOException {
        Path exports = work.resolve("exports");
        new SyntheticExportGenerator(20261125L, LocalDate.of(2026, 11, 25), 0.03).generate(250, exports);
        Path out = work.resolve("out");
        NightlyRun.Result result = NightlyRun.run(NightlyRun.hsqldbArgs(work, out,
                "rheum:" + exports.resolve("rheum"), "nephro:" + exports.resolve("nephro")));
        assertThat(result.exitCode()).as(result.stderr()).isZero();

        Map<String, String> planted = new TreeMap<>();
        try (Reader reader = Files.newBufferedReader(exports.resolve(SyntheticExportGenerator.PLANTED_FAULTS));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
            for (CSVRecord r : parser) planted.put(r.get("source") + ":" + r.get("file") + ":" + r.get("line"), r.get("fault"));
        }
        Map<String, String> rejected = new TreeMap<>();
        for (List<String> r : RejectedCsv.read(out)) rejected.put(r.get(0) + ":" + r.get(1) + ":" + r.get(2), r.get(3));

        assertThat(planted).hasSizeGreaterThan(500);
        assertThat(rejected.keySet()).isEqualTo(planted.keySet());
        Map<String, String> reasonOfFault = Map.ofEntries(
                Map.entry("too few fields", "field(s), the header has"), Map.entry("too many fields", "field(s), the header has"),
                Map.entry("unparseable date", "is not a date in the format"), Map.entry("date after the run date", "is after the run date"),
                Map.entry("unknown patient", "is not among the loaded patients"), Map.entry("exact duplicate", "exact duplicate of line"),
                Map.entry("date before birth", "is before the patient's birth date"), Map.entry("unmapped lab code", "is not mapped to an analyte"),
                Map.entry("unknown unit", "is not known for"), Map.entry("implausible value", "is not plausible ("),
                Map.entry("unreadable value", "cannot be read"), Map.entry("not valid UTF-8", "not valid UTF-8"),
                Map.entry("fact of a rejected patient", "is not among the loaded patients"),
                Map.entry("patient row: unknown sex code", "is not a known sex code"));
        planted.forEach((where, fault) -> assertThat(rejected.get(where)).as(where + " " + fault).contains(reasonOfFault.get(fault)));
        // an implausible value's reason names the value as sent, its canonical value and the plausible range, e.g.
        // "haemoglobin -11.2 g/dL is not plausible (-112 g/L; plausible 0 to 250 g/L)"
        planted.forEach((where, fault) -> {
            if (fault.equals("implausible value")) {
                assertThat(rejected.get(where)).as(where).matches(".+ -[0-9][0-9.,]* .*is not plausible \\(-[0-9.]+ \\S+; plausible [0-9.]+ to [0-9.]+ \\S+\\)");
            }
        });
    }
}
