package org.registrytrialmatcher.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Two fact rows are exact duplicates when their fields are the same, whatever their spelling in
 * the file, and never otherwise: the key staged rows are compared by.
 */
class DuplicateKeyTest {
    private static String key(String raw, List<String> fields) {
        return DuplicateKey.of(raw, DuplicateKey.fieldsText(raw, fields, ',', '"'));
    }

    @Test
    void anUnquotedRowKeptWholeIsKeyedByItsRawTextAndStagesNothingMore() {
        assertThat(DuplicateKey.fieldsText("R1,2026-01-05,CREA,54", List.of("R1", "2026-01-05", "CREA", "54"), ',', '"')).isNull();
        assertThat(key("R1,2026-01-05,CREA,54", List.of("R1", "2026-01-05", "CREA", "54"))).isEqualTo("R1,2026-01-05,CREA,54");
    }

    @Test
    void theSameFieldsQuotedOrNotHaveOneKey() {
        List<String> fields = List.of("R1", "2026-01-05", "CREA", "54");
        assertThat(key("\"R1\",2026-01-05,\"CREA\",54", fields)).isEqualTo(key("R1,2026-01-05,CREA,54", fields));
        assertThat(key("R1,2026-01-05,CREA,\"54\"", fields)).isEqualTo(key("\"R1\",\"2026-01-05\",CREA,54", fields));
    }

    @Test
    void fieldsThatHoldTheDelimiterAQuoteOrALineBreakAreToldApartByWhereTheirFieldsEnd() {
        String ab = key("\"a,b\",c", List.of("a,b", "c"));
        String bc = key("a,\"b,c\"", List.of("a", "b,c"));
        assertThat(ab).isNotEqualTo(bc).isNotEqualTo(key("a,b,c", List.of("a", "b", "c")));
        assertThat(ab).isEqualTo(key("\"a,b\",\"c\"", List.of("a,b", "c")));
        assertThat(key("\"a\"\"\",b", List.of("a\"", "b"))).isNotEqualTo(key("\"a\",\"\"\"b\"", List.of("a", "\"b")));
        assertThat(key("\"a\nb\",c", List.of("a\nb", "c"))).isNotEqualTo(key("\"a\rb\",c", List.of("a\rb", "c")));
        // a field's text that looks like the length-prefixed form does not make another row's key
        assertThat(key("\"1:a\",\"2:,b\"", List.of("1:a", "2:,b"))).isNotEqualTo(key("\"1:a2:\",\",b\"", List.of("1:a2:", ",b")));
    }

    @Test
    void aRowWhoseRawTextWasCutIsKeyedByAllItsFields() {
        String start = "x".repeat(StagingTable.RAW_LIMIT);
        String one = start + "1";
        String two = start + "2";
        String cutOne = StagingTable.limitRaw(one);
        assertThat(cutOne).isEqualTo(StagingTable.limitRaw(two));
        String keyOne = DuplicateKey.of(cutOne, DuplicateKey.fieldsText(one, List.of(one), ',', '"'));
        String keyTwo = DuplicateKey.of(StagingTable.limitRaw(two), DuplicateKey.fieldsText(two, List.of(two), ',', '"'));
        assertThat(keyOne).isEqualTo(one).isNotEqualTo(keyTwo);
    }

    @Test
    void inADialectWithoutQuotesAQuoteIsPlainText() {
        assertThat(DuplicateKey.fieldsText("R1;\"x\"", List.of("R1", "\"x\""), ';', null)).isNull();
    }
}
