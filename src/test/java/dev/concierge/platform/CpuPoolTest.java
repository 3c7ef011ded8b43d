package dev.concierge.platform;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CPU pool's threads run at a lower priority than the rest of the service, and only they do: when the cores
 * are busy, the event loops get them first (load-tests/README.md, hot spot 30).
 */
@QuarkusTest
class CpuPoolTest {

    @Inject
    CpuPool cpu;

    @Inject
    Vertx vertx;

    @Test
    void poolThreadsRunAtTheConfiguredNiceValueAndNoOtherThreadDoes() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "nice values are Linux's");
        int mine = nice();
        int[] seen = cpu.run(() -> new int[] {nice(), Thread.currentThread().getName().startsWith("concierge-cpu-") ? 1 : 0})
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(1, seen[1], "the work ran on a CPU-pool thread");
        assertEquals(10, seen[0], "the CPU pool's nice value (concierge.cpu-pool.nice, default 10)");
        assertEquals(mine, nice(), "the caller's own priority is left alone");
        assertTrue(mine < seen[0]);
        int loop = Uni.createFrom().<Integer>emitter(e -> vertx.runOnContext(v -> e.complete(nice())))
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(mine, loop, "an event loop keeps the JVM's priority");
    }

    /** The calling thread's nice value, as Linux reports it: field 19 of /proc/thread-self/stat. */
    private static int nice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
