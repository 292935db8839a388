package org.registrytrialmatcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.registrytrialmatcher.catalogue.MeasureCatalogue;
import org.registrytrialmatcher.catalogue.UcumUnits;
import org.registrytrialmatcher.facts.Outcome;
import org.registrytrialmatcher.source.DefinitionException;

/** The trial definition is validated when the run starts: each mistake names the file and the entry. */
class TrialDefinitionLoaderTest {
    static final MeasureCatalogue CATALOGUE = MeasureCatalogue.load(Path.of("jobs/analytes.yaml"), new UcumUnits());

    @TempDir
    Path dir;

    @Test
    void loadsEveryRuleOfTheSpecInOrder() {
        TrialDefinition trial = TrialDefinitionLoader.load(Path.of("jobs/rd06-05"), CATALOGUE);
        assertThat(trial.id()).isEqualTo("RD06-05");
        assertThat(trial.cohorts()).extracting(CohortDefinition::id).containsExactly("SLE_LN", "SSC", "IIM", "MDR_NS", "IGAN");
        assertThat(trial.rules()).extracting(RuleDefinition::id).containsExactly(
                "REG-RECONTACT", "INC-CONSENT", "INC-AGE", "INC-ANC", "INC-HGB", "INC-PLT", "INC-ALT", "INC-AST", "INC-BILI", "INC-EGFR",
                "INC-LVEF", "INC-PULM", "INC-PREGNANCY", "INC-CONTRACEPTION", "EXC-AUTOIMMUNE", "EXC-BCELL-DUAL", "EXC-BCELL", "EXC-RPGN",
                "EXC-CARDIAC", "EXC-CNS", "EXC-MALIGNANCY", "EXC-PID", "EXC-INFECTION", "SLE-DX", "SLE-LN-BIOPSY", "SLE-REFRACTORY",
                "SLE-SEROLOGY", "SSC-DX", "SSC-REFRACTORY", "IIM-DX", "IIM-REFRACTORY", "MDRNS-DX", "MDRNS-RESISTANCE", "MDRNS-ACTIVE",
                "IGAN-DX", "IGAN-PROTEINURIA", "IGAN-SUPPORTIVE");
    }

    @Test
    void theNonSleCohortRulesSayWhereTheirReadingComesFromInAComment() throws IOException {
        TrialDefinition trial = TrialDefinitionLoader.load(Path.of("jobs/rd06-05"), CATALOGUE);
        List<String> lines = Files.readAllLines(Path.of("jobs/rd06-05/trial.yaml"));
        List<String> ids = trial.rules().stream().filter(r -> r.cohorts().size() == 1 && !r.cohorts().contains("SLE_LN")).map(RuleDefinition::id).toList();
        assertThat(ids).hasSize(10);
        for (String id : ids) {
            int at = lines.indexOf("  - id: " + id);
            assertThat(lines.get(at - 1)).as(id).startsWith("  # Reading: ");
        }
    }

    @Test
    void aThresholdIsAnEditInTheDefinitionNotInJava() throws IOException {
        Path trial = copy("    pass: \">= 1.0\"", "    pass: \">= 1.5\"");
        TrialDefinition t = TrialDefinitionLoader.load(trial, CATALOGUE);
        CohortDefinition sle = t.cohorts().get(0);
        assertThat(t.rule("INC-ANC").orElseThrow().evaluate(Facts.girl().lab("ANC", 5, 1.2, "10*9/L").get(), sle).outcome()).isEqualTo(Outcome.REVIEW);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "    kind: latestValue\\n    text: ANC|    kind: latestValu\\n    text: ANC|rule INC-ANC: unknown rule kind 'latestValu'",
        "    measure: {lab: ANC}|    measure: {lab: NEUTRO}|rule INC-ANC.measure: unknown analyte 'NEUTRO'",
        "    pass: \">= 1.0\"|    pass: \"at least 1\"|rule INC-ANC: 'pass' must be a comparison such as \">= 1.0\" (got 'at least 1')",
        "  - id: INC-ANC\\n    kind: latestValue\\n    text: ANC >= 1.0 x10^9/L\\n    measure: {lab: ANC}\\n    window: 90|  - id: INC-ANC\\n    kind: latestValue\\n    text: ANC >= 1.0 x10^9/L\\n    measure: {lab: ANC}\\n    window: ninety|rule INC-ANC: 'window' must be a whole number",
        "    onFail: REVIEW\\n    failNote: the record leaves abnormalities related to disease activity to the investigator\\n\\n  - id: INC-HGB|    onFail: MAYBE\\n    failNote: x\\n\\n  - id: INC-HGB|rule INC-ANC: 'onFail' must be one of",
        "      - {exposure: HCQ, days: 90}|      - {exposure: HQC, days: 90}|unknown drug class 'HQC'",
        "  HCQ: [hydroxychloroquine]|  HCQ: [hydroxychloroquin]|class HCQ names unknown drug 'hydroxychloroquin'",
        "    notApplicableIn: [IIM]|    notApplicableIn: [MYOSITIS]|'notApplicableIn' names unknown cohort 'MYOSITIS'",
        "    codes: [\"D80*\"|    codes: [\"80*\"|'codes': '80*' is not a code pattern",
        "    maxTimesUln: 3\\n    notApplicableIn|    maxTimesUln: 3\\n    maxTimesULN: 4\\n    notApplicableIn|rule INC-ALT: unknown entry 'maxTimesULN'",
        "  uln: {ALT: 40, AST: 50, TBIL: 21}|  uln: {ALT: 40, AST: 50, BILIRUBIN: 21}|unknown analyte 'BILIRUBIN'",
        "      - {stoppedFor: [GC, HCQ, SLE_DMARD], reasons: [INTOLERANCE]}|      - {stoppedFor: [GC, HCQ, SLE_DMARD], reasons: [BOREDOM]}|unknown stop reason 'BOREDOM'",
        "  lln: {CD19: 100}|  lln: {CD19: 100}\\n  windows: {lab: 60}|(top level).defaults: 'windows' is not read by the pipeline: each rule states its own window",
        "title: Universal|record: trial-NCT07674147.md\\ntitle: Universal|(top level): 'record' is not read by the pipeline",
        "    text: RAS blockade for at least 90 days|    text: RAS blockade for at least 90 days\\n    source: KDIGO 2025|rule IGAN-SUPPORTIVE: 'source' is not read by the pipeline",
        "      - {kind: latestFlag, observation: HOME_OXYGEN, ifYes: REVIEW, name: home oxygen}|      - {kind: latestFlag, observation: HOME_OXYGEN, ifYes: REVIEW, name: home oxygen, failNote: x}|unknown entry 'failNote'",
        "  bortezomib:          {atc: [L01XG01], names: [bortezomib, velcade], infusion: true}|  bortezomib:          {atc: [L01XG01], names: [bortezomib, velcade], infusion: yes please}|'infusion' must be true or false",
    })
    void namesTheFileAndTheEntry(String original, String broken, String message) throws IOException {
        Path trial = copy(original.replace("\\n", "\n"), broken.replace("\\n", "\n"));
        assertThatThrownBy(() -> TrialDefinitionLoader.load(trial, CATALOGUE))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining(trial.resolve("trial.yaml").toString())
                .hasMessageContaining(message);
    }

    @Test
    void aMissingDefinitionFolderFails() {
        assertThatThrownBy(() -> TrialDefinitionLoader.load(dir.resolve("nope"), CATALOGUE))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("nope: trial definition folder not found");
    }

    private Path copy(String original, String replacement) throws IOException {
        String text = Files.readString(Path.of("jobs/rd06-05/trial.yaml"));
        assertThat(text).as("the definition has the text to change").contains(original);
        Path folder = dir.resolve("trial");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("trial.yaml"), text.replace(original, replacement));
        return folder;
    }
}
