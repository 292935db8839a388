package org.registrytrialmatcher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A broken profile fails before anything is read, with a message naming the file and the entry. */
class SourceProfileLoaderTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheShippedProfiles() {
        SourceProfile rheum = SourceProfileLoader.load(Path.of("jobs/sources/rheum.yaml"));
        assertThat(rheum.delimiter()).isEqualTo(',');
        assertThat(rheum.file(RecordKind.LABS).column("code")).isEqualTo("loinc");
        assertThat(rheum.unitSpellings().toUcum(" K/\u00b5L ")).contains("10*3/uL");
        SourceProfile nephro = SourceProfileLoader.load(Path.of("jobs"), "sources/nephro");
        assertThat(nephro.decimalSeparator()).isEqualTo(',');
        assertThat(nephro.codeList("sex")).containsEntry("1", "M").containsEntry("2", "F");
        assertThat(nephro.file(RecordKind.DIAGNOSES).column("status")).isNull();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "delimiter: \",\"|delimiter: \",,\"|entry 'format.delimiter' must be a single character",
        "dateFormat: yyyy-MM-dd|dateFormat: yyyy-MM-dd-Q{|entry 'format.dateFormat': 'yyyy-MM-dd-Q{' is not a date pattern",
        "decimalSeparator: \".\"|decimalSeparator: \";\"|entry 'format.decimalSeparator' must be '.' or ','",
        "encoding: UTF-8|encoding: KLINGON-8|entry 'format.encoding': unknown character set 'KLINGON-8'",
        "      ref_high: ref_high|      ref_highest: ref_high|entry 'files.labs.columns.ref_highest' is not a field of labs",
        "      code: loinc|      kode: loinc|entry 'files.labs.columns' has no column for required field 'code'",
        "    file: labs.csv|    file: ../labs.csv|entry 'files.labs.file' must be a plain file name",
        "  sex: {F: F, M: M}|  sex: {F: F, M: MALE}|entry 'codes.sex.M' maps to 'MALE', expected one of",
        "  yesNo: {Y: Y, N: N}|  janee: {Y: Y, N: N}|entry 'codes' has no code list 'yesNo'",
        "  biopsies:|  biopsy_reports:|entry 'files.biopsy_reports' is not a kind of record",
        "source: rheum|source: rheum registry|entry 'source' must be letters, digits",
        "format:|formats:|unknown entry 'formats'",
        "unitSpellings: unit-spellings.yaml|unitSpellings: no-such-file.yaml|no-such-file.yaml: definition file not found",
    })
    void namesTheFileAndTheEntryThatIsWrong(String original, String broken, String message) throws IOException {
        Path profile = broken(original, broken);
        assertThatThrownBy(() -> SourceProfileLoader.load(profile))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining(message)
                .hasMessageContaining(profile.getFileName().toString());
    }

    @Test
    void aMissingCodeListIsNamed() throws IOException {
        Path profile = broken("  labs:\n    \"751-8\"", "  labz:\n    \"751-8\"");
        assertThatThrownBy(() -> SourceProfileLoader.load(profile)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("rheum.yaml: entry 'codes' has no code list 'labs'");
    }

    @Test
    void invalidYamlNamesTheFile() throws IOException {
        Path profile = dir.resolve("bad.yaml");
        Files.writeString(profile, "source: [unclosed\n");
        assertThatThrownBy(() -> SourceProfileLoader.load(profile)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("bad.yaml: not valid YAML");
    }

    private Path broken(String original, String replacement) throws IOException {
        String text = Files.readString(Path.of("jobs/sources/rheum.yaml"));
        assertThat(text).as("the profile has the line to break").contains(original);
        Path file = dir.resolve("rheum.yaml");
        Files.writeString(file, text.replace(original, replacement));
        Files.copy(Path.of("jobs/sources/unit-spellings.yaml"), dir.resolve("unit-spellings.yaml"));
        return file;
    }
}
