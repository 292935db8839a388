package org.registrytrialmatcher.job;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * A row reader, processor and writer handed through a chunked step in blocks of consecutive
 * rows: the step's items are blocks, the chunk still commits the same rows. Spring Batch 6's
 * chunk-oriented step does per item what costs per row at tens of millions of rows: an
 * observation with tag strings built by concatenation and two flight-recorder events for each
 * read and each process. A block is at most {@value #MAX_BLOCK} rows, and its
 * size divides the chunk size: a chunk commits the same rows as before, so restart points (the
 * reader's state saved with each chunk) are unchanged. The step's counts stay in rows: {@link Counts} adds to the step execution what the
 * step counted in blocks.
 */
public final class RowBlocks {
    /** Rows per block at most: large enough that the per-item cost vanishes, small beside a chunk. */
    static final int MAX_BLOCK = 100;

    private RowBlocks() {
    }

    /** The largest block size up to {@link #MAX_BLOCK} that divides {@code chunkSize}, so that a chunk of blocks holds exactly {@code chunkSize} rows. */
    public static int blockSize(int chunkSize) {
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size " + chunkSize);
        for (int size = Math.min(MAX_BLOCK, chunkSize); ; size--) {
            if (chunkSize % size == 0) return size;
        }
    }

    /** Reads up to {@code blockSize} rows at a time from {@code rows}; null once it has none left. */
    public static <T> ItemStreamReader<List<T>> reader(ItemStreamReader<T> rows, int blockSize) {
        final class BlockReader extends StreamOfRows implements ItemStreamReader<List<T>> {
            BlockReader() {
                super(rows);
            }

            @Override
            public List<T> read() throws Exception {
                List<T> block = new ArrayList<>(blockSize);
                T row;
                while (block.size() < blockSize && (row = rows.read()) != null) block.add(row);
                return block.isEmpty() ? null : block;
            }
        }
        return new BlockReader();
    }

    /**
     * Processes each row of a block, in order. The row processor must not filter rows out (return
     * null): the step would count neither them nor their block as filtered, so it is refused.
     */
    public static <I, O> ItemProcessor<List<I>, List<O>> processor(ItemProcessor<I, O> rows) {
        return block -> {
            List<O> processed = new ArrayList<>(block.size());
            for (I row : block) {
                O out = rows.process(row);
                if (out == null) throw new IllegalStateException("a row processor in blocks filtered a row out; it must return every row");
                processed.add(out);
            }
            return processed;
        };
    }

    /** Writes a chunk of blocks as one chunk of their rows. */
    public static <O> ItemStreamWriter<List<O>> writer(ItemStreamWriter<O> rows) {
        final class BlockWriter extends StreamOfRows implements ItemStreamWriter<List<O>> {
            BlockWriter() {
                super(rows);
            }

            @Override
            public void write(Chunk<? extends List<O>> blocks) throws Exception {
                Chunk<O> chunk = new Chunk<>();
                for (List<O> block : blocks) {
                    for (O row : block) chunk.add(row);
                }
                rows.write(chunk);
            }
        }
        return new BlockWriter();
    }

    /** The block reader's and writer's stream: the rows' own, opened, updated and closed with the step. */
    private abstract static class StreamOfRows implements ItemStream {
        private final ItemStream rows;

        StreamOfRows(ItemStream rows) {
            this.rows = rows;
        }

        @Override
        public void open(ExecutionContext context) {
            rows.open(context);
        }

        @Override
        public void update(ExecutionContext context) {
            rows.update(context);
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    /**
     * Keeps the step execution's read and write counts in rows: the step counts a block as one
     * item read and one written. After each chunk is written it adds the difference to the step
     * execution of the calling thread (each partition runs on its own), before the step adds the
     * chunk's own counts and saves them with the chunk (Spring Batch 6.0: afterChunk, then the
     * counts are applied, then saved). The chunk written holds every row read, as the block
     * processor drops none. Register it before any other chunk listener: afterChunk runs in
     * reverse order of registration, so the others see the counts of the chunks before, in rows,
     * as they would without blocks. A chunk that fails is counted by the step, in blocks.
     * Stateless, so one instance serves every partition.
     */
    public static final class Counts implements ChunkListener<List<?>, List<?>> {
        @Override
        public void afterChunk(Chunk<List<?>> written) {
            StepContext context = StepSynchronizationManager.getContext();
            if (context == null) throw new IllegalStateException("row block counts used outside a step execution");
            StepExecution execution = context.getStepExecution();
            long extra = rows(written) - written.size();
            execution.setReadCount(execution.getReadCount() + extra);
            execution.setWriteCount(execution.getWriteCount() + extra);
        }

        private static long rows(Chunk<List<?>> blocks) {
            long rows = 0;
            for (List<?> block : blocks) rows += block.size();
            return rows;
        }
    }
}
