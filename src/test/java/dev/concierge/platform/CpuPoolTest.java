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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CPU pool's threads run at a lower priority than the rest of the service, and only they do: when the cores
 * are busy, the event loops get them first (load-tests/README.md, hot spot 30); work a reply waits for does not
 * yield (hot spot 32).
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

    @Test
    void workAReplyWaitsForRunsAtTheJvmsPriority() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "nice values are Linux's");
        int mine = nice();
        int urgent = cpu.runUrgent(CpuPoolTest::nice).await().atMost(Duration.ofSeconds(10));
        int background = cpu.run(CpuPoolTest::nice).await().atMost(Duration.ofSeconds(10));
        assertEquals(mine, urgent, "urgent work keeps the JVM's priority");
        assertTrue(background > urgent, "while the pool's other work yields (" + background + ")");
    }

    @Test
    void urgentWorkCalledOnAnEventLoopReturnsToThatLoop() {
        // the reply's LLM call follows: made on a pool thread it would use connections off the socket's loop
        String[] seen = Uni.createFrom().<String[]>emitter(e -> vertx.runOnContext(v -> {
            String loop = Thread.currentThread().getName();
            cpu.runUrgent(() -> Thread.currentThread().getName()).subscribe()
                    .with(worker -> e.complete(new String[] {loop, worker, Thread.currentThread().getName()}), e::fail);
        })).await().atMost(Duration.ofSeconds(10));
        assertTrue(seen[0].startsWith("vert.x-eventloop-thread-"), seen[0]);
        assertTrue(seen[1].startsWith("concierge-cpu-urgent-"), "the work ran on an urgent pool thread: " + seen[1]);
        assertEquals(seen[0], seen[2], "the result came back to the calling loop");
    }

    @Test
    void aHurriedLanesQueuedWorkRunsOnceAtTheJvmsPriorityWhileThePoolIsBusy() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "nice values are Linux's");
        int mine = nice();
        CountDownLatch release = new CountDownLatch(1);
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        List<CompletableFuture<Boolean>> busy = new ArrayList<>();
        for (int i = 0; i < threads; i++) { // every low-priority thread busy with another turn's work
            busy.add(cpu.run(() -> await(release)).subscribeAsCompletionStage());
        }
        try {
            CpuPool.Lane lane = cpu.lane();
            AtomicInteger runs = new AtomicInteger();
            CompletableFuture<String> queued = lane.run(() -> {
                runs.incrementAndGet();
                return Thread.currentThread().getName() + " " + nice();
            }).subscribeAsCompletionStage();
            Thread.sleep(200);
            assertFalse(queued.isDone(), "queued behind the busy pool until the turn waits for it");
            lane.hurry();
            String[] ran = queued.get(10, TimeUnit.SECONDS).split(" ");
            assertTrue(ran[0].startsWith("concierge-cpu-urgent-"), "moved to an urgent thread: " + ran[0]);
            assertEquals(mine, Integer.parseInt(ran[1]), "at the JVM's priority");
            String after = lane.run(() -> Thread.currentThread().getName()).await().atMost(Duration.ofSeconds(10));
            assertTrue(after.startsWith("concierge-cpu-urgent-"), "work after the hurry goes there directly: " + after);
            release.countDown();
            for (CompletableFuture<Boolean> b : busy) {
                b.get(10, TimeUnit.SECONDS);
            }
            // the moved work is still in the pool's queue, ahead of these: once every pool thread holds one of them at
            // once, the thread that took the moved work has finished with it, and found it taken
            CountDownLatch all = new CountDownLatch(threads);
            List<CompletableFuture<Boolean>> drained = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                drained.add(cpu.run(() -> {
                    all.countDown();
                    return await(all);
                }).subscribeAsCompletionStage());
            }
            for (CompletableFuture<Boolean> b : drained) {
                assertTrue(b.get(10, TimeUnit.SECONDS), "every pool thread reached the tasks behind the moved work");
            }
            assertEquals(1, runs.get(), "the work ran once");
        } finally {
            release.countDown();
        }
    }

    @Test
    void anUnhurriedLaneRunsAtThePoolsPriorityAndFailuresReachTheCaller() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "nice values are Linux's");
        CpuPool.Lane lane = cpu.lane();
        assertEquals(10, (int) lane.run(CpuPoolTest::nice).await().atMost(Duration.ofSeconds(10)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lane.run(() -> { throw new IllegalStateException("broken"); }).await().atMost(Duration.ofSeconds(10)));
        assertEquals("broken", e.getMessage());
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
