package org.registrytrialmatcher.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the heap in use every 100 ms (a daemon thread) and keeps the highest value: the run's peak heap. */
final class HeapWatcher {
    private static final AtomicLong PEAK = new AtomicLong();
    private static Thread thread;

    private HeapWatcher() {
    }

    static synchronized void start() {
        if (thread != null) return;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        thread = new Thread(() -> {
            while (true) {
                PEAK.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rtm-heap-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    static long peakBytes() {
        PEAK.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        return PEAK.get();
    }
}
