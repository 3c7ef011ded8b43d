package dev.concierge.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuPoolTest {

    private final CpuPool cpu = new CpuPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        cpu.stop();
    }

    @Test
    void theNextStepOfPoolWorkRunsBeforeWorkQueuedMeanwhile() throws Exception {
        int others = Math.max(2, Runtime.getRuntime().availableProcessors()) - 1;
        for (int i = 0; i < others; i++) { // every pool thread but one is busy
            cpu.run(() -> await(release)).subscribe().with(x -> { });
        }
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        var turn = cpu.run(() -> {
                    running.countDown();
                    return await(queued);
                })
                .chain(x -> cpu.next(() -> order.add("next step")))
                .subscribeAsCompletionStage();
        assertTrue(running.await(5, TimeUnit.SECONDS));
        cpu.run(() -> order.add("another turn's work")).subscribe().with(x -> { });
        queued.countDown();
        turn.get(5, TimeUnit.SECONDS);
        release.countDown();
        waitFor(() -> order.size() == 2);
        assertEquals(List.of("next step", "another turn's work"), order);
    }

    @Test
    void offThePoolTheNextStepRunsOnThePool() {
        String thread = cpu.next(() -> Thread.currentThread().getName()).await().atMost(Duration.ofSeconds(5));
        assertTrue(thread.startsWith("concierge-cpu-"), thread);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 500 && !done.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
    }
}
