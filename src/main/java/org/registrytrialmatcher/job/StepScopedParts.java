package org.registrytrialmatcher.job;

import org.springframework.aop.scope.ScopedObject;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The reader, processor and writer of a partitioned worker step, called directly rather than
 * through their step-scope proxies. A step-scoped bean is a proxy that looks its target up in
 * the step scope on every call: once per row, that lookup cost about a quarter of the ingest
 * step. Here the targets are looked up once, when the step execution starts (this listener
 * must be registered on the step), and kept for the thread that runs it: partitions run on
 * their own threads (the step streams are closed after the listeners' afterStep, so the
 * targets stay until the thread ends or runs its next step execution).
 */
public final class StepScopedParts<I, O> implements StepExecutionListener {
    private final Object readerProxy;
    private final Object processorProxy;
    private final Object writerProxy;
    private final ThreadLocal<Targets<I, O>> targets = new ThreadLocal<>();

    private record Targets<I, O>(ItemStreamReader<I> reader, ItemProcessor<I, O> processor, ItemWriter<O> writer) {
    }

    public StepScopedParts(ItemStreamReader<I> reader, ItemProcessor<I, O> processor, ItemWriter<O> writer) {
        this.readerProxy = reader;
        this.processorProxy = processor;
        this.writerProxy = writer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void beforeStep(StepExecution stepExecution) {
        targets.set(new Targets<>((ItemStreamReader<I>) target(readerProxy), (ItemProcessor<I, O>) target(processorProxy),
                (ItemWriter<O>) target(writerProxy)));
    }

    private static Object target(Object proxy) {
        return proxy instanceof ScopedObject scoped ? scoped.getTargetObject() : proxy;
    }

    private Targets<I, O> current() {
        Targets<I, O> t = targets.get();
        if (t == null) throw new IllegalStateException("step-scoped parts used outside their step execution");
        return t;
    }

    public ItemStreamReader<I> reader() {
        return new ItemStreamReader<>() {
            @Override
            public I read() throws Exception {
                return current().reader().read();
            }

            @Override
            public void open(ExecutionContext context) {
                current().reader().open(context);
            }

            @Override
            public void update(ExecutionContext context) {
                current().reader().update(context);
            }

            @Override
            public void close() {
                current().reader().close();
            }
        };
    }

    public ItemProcessor<I, O> processor() {
        return item -> current().processor().process(item);
    }

    public ItemStreamWriter<O> writer() {
        return new ItemStreamWriter<>() {
            @Override
            public void write(Chunk<? extends O> chunk) throws Exception {
                current().writer().write(chunk);
            }

            @Override
            public void open(ExecutionContext context) {
                if (current().writer() instanceof ItemStream s) s.open(context);
            }

            @Override
            public void update(ExecutionContext context) {
                if (current().writer() instanceof ItemStream s) s.update(context);
            }

            @Override
            public void close() {
                if (current().writer() instanceof ItemStream s) s.close();
            }
        };
    }
}
