package org.registrytrialmatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.source.SourceProfile;
import org.registrytrialmatcher.source.SourceProfileLoader;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The reader on the format traps of both layouts: what a record is, where it starts, what its raw text is. */
class ExportFileReaderTest {
    static final SourceProfile RHEUM = SourceProfileLoader.load(Path.of("jobs/sources/rheum.yaml"));
    static final SourceProfile NEPHRO = SourceProfileLoader.load(Path.of("jobs/sources/nephro.yaml"));
    static final String BIOPSY_HEADER = "patient_id,biopsy_date,organ,diagnosis,isn_rps_class,crescents_pct";

    @TempDir
    Path dir;

    @Test
    void skipsTheByteOrderMarkAndReadsCrlfLines() throws IOException {
        Path file = write("biopsies.csv", "\uFEFF" + BIOPSY_HEADER + "\r\nR1,2025-01-01,kidney,LN,IV,10\r\nR2,2025-01-02,skin,morphea,,\r\n");
        List<ExportRow> rows = readAll(RHEUM, RecordKind.BIOPSIES, file);
        assertThat(rows).extracting(ExportRow::line).containsExactly(2L, 3L);
        assertThat(rows.get(0).fields()).containsExactly("R1", "2025-01-01", "kidney", "LN", "IV", "10");
        assertThat(rows.get(1).raw()).isEqualTo("R2,2025-01-02,skin,morphea,,");
    }

    @Test
    void aQuotedLineBreakKeepsTheRecordTogetherAndLaterLineNumbersRight() throws IOException {
        Path file = write("biopsies.csv", BIOPSY_HEADER + "\r\n"
                + "R1,2025-01-01,kidney,\"lupus nephritis\r\nwith crescents\",IV,55\r\n"
                + "R2,2025-01-02,kidney,\"a \"\"quoted\"\" word, and a comma\",,\r\n"
                + "R3,2025-01-03,kidney,\"three\nline\ntext\",III,\n"
                + "R4,2025-01-04,kidney,IgA nephropathy,,");
        List<ExportRow> rows = readAll(RHEUM, RecordKind.BIOPSIES, file);
        assertThat(rows).extracting(ExportRow::line).containsExactly(2L, 4L, 5L, 8L);
        assertThat(rows.get(0).fields().get(3)).isEqualTo("lupus nephritis\r\nwith crescents");
        assertThat(rows.get(0).raw()).isEqualTo("R1,2025-01-01,kidney,\"lupus nephritis\r\nwith crescents\",IV,55");
        assertThat(rows.get(1).fields().get(3)).isEqualTo("a \"quoted\" word, and a comma");
        assertThat(rows.get(2).fields().get(3)).isEqualTo("three\nline\ntext");
        assertThat(rows.get(3).raw()).isEqualTo("R4,2025-01-04,kidney,IgA nephropathy,,");
    }

    @Test
    void rawTextAndLinesStayExactAcrossManyRecordsAndRecordsLongerThanTheReadBuffer() throws IOException {
        StringBuilder file = new StringBuilder(BIOPSY_HEADER).append("\r\n");
        List<String> expectedRaw = new ArrayList<>();
        List<Long> expectedLines = new ArrayList<>();
        long line = 2;
        for (int i = 0; i < 30_000; i++) {
            String raw;
            if (i % 5_000 == 2_500) { // a quoted text of 150 000 characters over three lines, CRLF inside
                String longText = "x".repeat(50_000) + "\r\n" + "y".repeat(50_000) + "\n" + "z".repeat(50_000);
                raw = "R" + i + ",2025-01-01,kidney,\"" + longText + "\",IV," + (i % 100);
                expectedLines.add(line);
                line += 3;
            } else {
                raw = "R" + i + ",2025-01-01,kidney,lupus nephritis,IV," + (i % 100);
                expectedLines.add(line);
                line += 1;
            }
            expectedRaw.add(raw);
            file.append(raw).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        List<ExportRow> rows = readAll(RHEUM, RecordKind.BIOPSIES, write("biopsies.csv", file.toString()));
        assertThat(rows).extracting(ExportRow::raw).containsExactlyElementsOf(expectedRaw);
        assertThat(rows).extracting(ExportRow::line).containsExactlyElementsOf(expectedLines);
        assertThat(rows.get(2_500).fields().get(3)).hasSize(150_003).startsWith("xxx").endsWith("zzz");
    }

    @Test
    void readsTheNephroLayoutWithSemicolonsAndLf() throws IOException {
        Path file = write("pathology.csv", "subject_no;biopsy_date;specimen;histology;class;crescents_percent\n"
                + "N1;01/02/2025;kidney;\"minimal change; repeat advised\";;12,5\n");
        List<ExportRow> rows = readAll(NEPHRO, RecordKind.BIOPSIES, file);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.fields()).containsExactly("N1", "01/02/2025", "kidney", "minimal change; repeat advised", "", "12,5");
            assertThat(r.line()).isEqualTo(2);
        });
    }

    @Test
    void headerOnlyFileHasNoRows() throws IOException {
        assertThat(readAll(RHEUM, RecordKind.BIOPSIES, write("biopsies.csv", BIOPSY_HEADER + "\r\n"))).isEmpty();
        assertThat(readAll(RHEUM, RecordKind.BIOPSIES, write("biopsies.csv", BIOPSY_HEADER))).isEmpty();
    }

    @Test
    void anEmptyFileFailsNamingTheFileAndTheExpectedHeader() throws IOException {
        Path file = write("biopsies.csv", "");
        assertThatThrownBy(() -> readAll(RHEUM, RecordKind.BIOPSIES, file))
                .isInstanceOf(ExportFileException.class)
                .hasMessageContaining("rheum: biopsies.csv: the file is empty")
                .hasMessageContaining(BIOPSY_HEADER);
    }

    @Test
    void aWrongHeaderFailsNamingTheMissingColumnsButNotTheRowContent() throws IOException {
        Path file = write("biopsies.csv", "R1,2025-01-01,kidney,LN,IV,10\nR2,2025-01-02,kidney,LN,IV,10\n");
        assertThatThrownBy(() -> readAll(RHEUM, RecordKind.BIOPSIES, file))
                .isInstanceOf(ExportFileException.class)
                .hasMessageContaining("rheum: biopsies.csv: the first line is not the expected header")
                .hasMessageContaining("patient_id, biopsy_date, organ, diagnosis, isn_rps_class, crescents_pct missing")
                .hasMessageNotContaining("2025-01-01");
    }

    @Test
    void headerColumnsMayComeInAnyOrderWithOtherCaseAndExtraColumns() throws IOException {
        Path file = write("biopsies.csv", "Organ, PATIENT_ID ,biopsy_date,diagnosis,comment,isn_rps_class,crescents_pct\nkidney,R1,2025-01-01,LN,fine,IV,10\n");
        ExportFileReader reader = open(RHEUM, RecordKind.BIOPSIES, file, new ExecutionContext());
        assertThat(reader.header().indexByField()).containsEntry("patient_id", 1).containsEntry("organ", 0);
        assertThat(reader.ignoredColumns()).containsExactly("comment");
        reader.close();
    }

    @Test
    void anUnterminatedQuoteMakesTheRestOfTheFileOneUnreadableRecord() throws IOException {
        Path file = write("biopsies.csv", BIOPSY_HEADER + "\nR1,2025-01-01,kidney,LN,IV,10\nR2,2025-01-02,kidney,\"never closed,,\nR3,2025-01-03,kidney,LN,,\n");
        List<ExportRow> rows = readAll(RHEUM, RecordKind.BIOPSIES, file);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).unreadable()).contains("a quoted field is never closed").contains("2 line(s)");
        assertThat(rows.get(1).raw()).startsWith("R2,2025-01-02").contains("R3,2025-01-03");
    }

    @Test
    void invalidUtf8IsMarkedNotSilentlyReplaced() throws IOException {
        Path file = dir.resolve("biopsies.csv");
        byte[] head = (BIOPSY_HEADER + "\nR1,2025-01-01,kidney,").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "Nephritis \u00e9".getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ",IV,10\nR2,2025-01-01,kidney,n\u00e9phrite,,\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, concat(head, latin1, tail));
        List<ExportRow> rows = readAll(RHEUM, RecordKind.BIOPSIES, file);
        assertThat(rows.get(0).raw()).contains(String.valueOf(ExportFileReader.INVALID_CHAR));
        assertThat(rows.get(1).fields().get(3)).isEqualTo("n\u00e9phrite");
    }

    @Test
    void aRestartContinuesAfterTheLastCommittedRecord() throws IOException {
        StringBuilder text = new StringBuilder(BIOPSY_HEADER + "\n");
        for (int i = 1; i <= 10; i++) text.append("R").append(i).append(",2025-01-01,kidney,\"line\nbreak\",IV,").append(i).append('\n');
        Path file = write("biopsies.csv", text.toString());

        ExecutionContext context = new ExecutionContext();
        ExportFileReader first = open(RHEUM, RecordKind.BIOPSIES, file, context);
        for (int i = 0; i < 4; i++) first.read();
        first.update(context);
        first.read(); // read but never committed
        first.close();

        ExportFileReader restarted = open(RHEUM, RecordKind.BIOPSIES, file, context);
        ExportRow next = restarted.read();
        assertThat(next.fields().get(0)).isEqualTo("R5");
        assertThat(next.line()).isEqualTo(10);
        int rest = 1;
        while (restarted.read() != null) rest++;
        assertThat(rest).isEqualTo(6);
        assertThat(restarted.emitted()).isEqualTo(10);
        restarted.close();
    }

    @Test
    void aBlankLineIsARecordOfItsOwn() throws IOException {
        Path file = write("biopsies.csv", BIOPSY_HEADER + "\nR1,2025-01-01,kidney,LN,IV,10\n\nR2,2025-01-01,kidney,LN,IV,10\n");
        List<ExportRow> rows = readAll(RHEUM, RecordKind.BIOPSIES, file);
        assertThat(rows).extracting(ExportRow::line).containsExactly(2L, 3L, 4L);
        assertThat(rows.get(1).fields()).containsExactly("");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static ExportFileReader open(SourceProfile profile, RecordKind kind, Path file, ExecutionContext context) {
        ExportFileReader reader = new ExportFileReader(profile.name(), profile, profile.file(kind), file);
        reader.open(context);
        return reader;
    }

    static List<ExportRow> readAll(SourceProfile profile, RecordKind kind, Path file) {
        ExportFileReader reader = open(profile, kind, file, new ExecutionContext());
        List<ExportRow> rows = new ArrayList<>();
        for (ExportRow row = reader.read(); row != null; row = reader.read()) rows.add(row);
        reader.close();
        return rows;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
