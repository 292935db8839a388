package org.registrytrialmatcher.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The rows of rejected.csv and rationale.jsonl are never in a file that others could read, even
 * if the run is killed before its step ends: the file is owner-only once opened, before any row.
 */
class OwnerOnlyFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsOwnerOnlyBeforeItsFirstRowAndWithoutTheStepEverEnding() throws Exception {
        Path file = dir.resolve("rejected.csv");
        OwnerOnlyFileWriter<RejectedRow> writer = OwnerOnlyFileWriter.of("rejectedCsvWriter", file, "source,file,line,reason,raw", RejectedRow::toCsvLine);
        ExecutionContext context = new ExecutionContext();
        writer.open(context);
        assertThat(mode(file)).isEqualTo("rw-------");

        writer.write(Chunk.of(new RejectedRow("rheum", "labs.csv", 7, "value 'abc' is not a number", "R001,2026-01-01,abc")));
        writer.update(context);
        // no close, no afterStep: as if the process were killed right after the chunk's commit
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("source,file,line,reason,raw\nrheum,labs.csv,7,value 'abc' is not a number,\"R001,2026-01-01,abc\"\n");
    }

    @Test
    void aFreshStartReplacesAnEarlierRunsFileAndARestartContinuesIt() throws Exception {
        Path file = dir.resolve("rationale.jsonl");
        Files.writeString(file, "an earlier run's content, longer than this run's\n".repeat(3));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFileWriter<String> first = OwnerOnlyFileWriter.of("rationaleWriter", file, null, s -> s);
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        assertThat(mode(file)).isEqualTo("rw-------");
        first.write(Chunk.of("{\"a\":1}"));
        first.update(context);
        first.close();

        OwnerOnlyFileWriter<String> restarted = OwnerOnlyFileWriter.of("rationaleWriter", file, null, s -> s);
        restarted.open(context);
        restarted.write(Chunk.of("{\"b\":2}"));
        restarted.update(context);
        restarted.close();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
