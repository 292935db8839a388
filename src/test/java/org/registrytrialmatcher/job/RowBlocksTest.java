package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.support.ListItemReader;

/**
 * Rows in blocks: a chunk of blocks holds exactly the configured rows, rows keep their order,
 * and a block never reaches past the end of the file. (The step's counts in rows, and restarts
 * at chunk boundaries, are checked on whole runs in CrashRecoveryTests.)
 */
class RowBlocksTest {
    @Test
    void aChunkOfBlocksHoldsExactlyTheConfiguredRows() {
        assertThat(RowBlocks.blockSize(10_000)).isEqualTo(100);
        assertThat(RowBlocks.blockSize(500)).isEqualTo(100);
        assertThat(RowBlocks.blockSize(250)).isEqualTo(50);
        assertThat(RowBlocks.blockSize(3)).isEqualTo(3);
        assertThat(RowBlocks.blockSize(1)).isEqualTo(1);
        assertThat(RowBlocks.blockSize(101)).as("a prime above the largest block").isEqualTo(1);
        for (int chunk : new int[] {1, 7, 64, 99, 120, 999, 10_000, 20_000}) {
            int block = RowBlocks.blockSize(chunk);
            assertThat(chunk % block).as("chunk " + chunk).isZero();
            assertThat(block).isLessThanOrEqualTo(100);
        }
        assertThatThrownBy(() -> RowBlocks.blockSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsGoThroughInTheirOrderAndTheLastBlockIsShort() throws Exception {
        List<Integer> rows = IntStream.rangeClosed(1, 250).boxed().toList();
        ItemStreamReader<List<Integer>> reader = RowBlocks.reader(streamOf(rows), 100);
        List<List<Integer>> blocks = new ArrayList<>();
        for (List<Integer> block; (block = reader.read()) != null; ) blocks.add(block);
        assertThat(blocks).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(reader.read()).as("after the last row").isNull();

        List<Integer> written = new ArrayList<>();
        ItemStreamWriter<List<String>> writer = RowBlocks.writer(new ItemStreamWriter<String>() {
            @Override
            public void write(Chunk<? extends String> chunk) {
                chunk.forEach(row -> written.add(Integer.valueOf(row)));
            }
        });
        Chunk<List<String>> processed = new Chunk<>();
        for (List<Integer> block : blocks) processed.add(RowBlocks.<Integer, String>processor(String::valueOf).process(block));
        writer.write(processed);
        assertThat(written).isEqualTo(rows);
    }

    @Test
    void aRowProcessorThatFiltersARowOutIsRefused() {
        assertThatThrownBy(() -> RowBlocks.<Integer, Integer>processor(row -> row == 2 ? null : row).process(List.of(1, 2, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("filtered a row out");
    }

    private static <T> ItemStreamReader<T> streamOf(List<T> rows) {
        ListItemReader<T> list = new ListItemReader<>(rows);
        return new ItemStreamReader<>() {
            @Override
            public T read() {
                return list.read();
            }

            @Override
            public void open(ExecutionContext context) {
            }
        };
    }
}
