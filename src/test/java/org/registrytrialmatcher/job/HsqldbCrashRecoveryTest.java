package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Crash recovery on the embedded HSQLDB file database, plus ten kills at random points in a row. */
class HsqldbCrashRecoveryTest extends CrashRecoveryTests {
    @Override
    List<String> databaseArgs(String name) {
        return List.of("--rtm.db-dir=" + work.resolve("db-" + name));
    }

    @Test
    void killedAtARandomPointTenTimesInARowItAlwaysRestartsToTheSameOutputs() throws Exception {
        Random random = new Random(20261125L);
        int killedMidRun = 0;
        // Kill points are drawn over the length of a run: the reference run's at first; a run that finished before its kill
        // shows runs are now faster (the reference may have run on a busier machine), and later kills aim within its time.
        long span = referenceMillis;
        for (int i = 0; i < 10; i++) {
            String name = "random" + i;
            Path out = work.resolve(name);
            long delay = 500 + (long) (random.nextDouble() * span);
            ChildRun run = ChildRun.start(args(name, out, "2026-11-25"), work.resolve(name + "-1.log"));
            Thread.sleep(delay);
            if (run.isAlive()) {
                run.kill();
                killedMidRun++;
            } else {
                assertThat(run.await()).as(run.log()).isZero();
                span = Math.min(span, delay - 500);
            }
            ChildRun restart = ChildRun.start(args(name, out, "2026-11-25"), work.resolve(name + "-2.log"));
            assertThat(restart.await()).as("trial " + i + " killed after " + delay + " ms:\n" + restart.log()).isZero();
            assertSameOutputs(out);
        }
        assertThat(killedMidRun).as("trials killed before the run could finish").isGreaterThanOrEqualTo(6);
    }
}
