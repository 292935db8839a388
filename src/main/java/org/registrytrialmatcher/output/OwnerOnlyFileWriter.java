package org.registrytrialmatcher.output;

import java.nio.file.Path;
import java.util.function.Function;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.core.io.FileSystemResource;

/**
 * A line-per-item output file of a chunk step (rationale.jsonl, rejected.csv), made owner-only
 * (0600) as soon as it is opened, before any item is written to it. Restricting it when the step
 * ended was too late: Spring Batch saves a step as COMPLETED before its afterStep listeners run,
 * so a kill in between left a file full of patient rows with the default mode.
 */
public class OwnerOnlyFileWriter<T> implements ItemStreamWriter<T> {
    private final FlatFileItemWriter<T> delegate;
    private final Path file;

    protected OwnerOnlyFileWriter(FlatFileItemWriter<T> delegate, Path file) { // not private: the step-scoped bean is a subclass proxy
        this.delegate = delegate;
        this.file = file;
    }

    /**
     * A UTF-8 file with {@code \n} line ends, one line per item; {@code header} (no patient data)
     * is its first line, or none if null. A fresh start replaces the file; a restart continues it.
     */
    public static <T> OwnerOnlyFileWriter<T> of(String name, Path file, String header, Function<T, String> line) {
        FlatFileItemWriterBuilder<T> builder = new FlatFileItemWriterBuilder<T>()
                .name(name)
                .resource(new FileSystemResource(file))
                .encoding("UTF-8")
                .lineSeparator("\n")
                .lineAggregator(line::apply)
                .shouldDeleteIfExists(true);
        if (header != null) builder.headerCallback(writer -> writer.write(header));
        return new OwnerOnlyFileWriter<>(builder.build(), file);
    }

    @Override
    public void open(ExecutionContext context) {
        delegate.open(context); // creates the file (and writes the header) with the process's default mode
        OutputFolder.ownerOnly(file);
    }

    @Override
    public void write(Chunk<? extends T> chunk) throws Exception {
        delegate.write(chunk);
    }

    @Override
    public void update(ExecutionContext context) {
        delegate.update(context);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
