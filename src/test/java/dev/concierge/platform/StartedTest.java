package dev.concierge.platform;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartedTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    @Test
    void theWorkRunsOnceHowEverManyRead() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Uni<Integer> started = Started.now(Uni.createFrom().item(runs::incrementAndGet).runSubscriptionOn(POOL));
        assertEquals(1, started.await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, started.await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, runs.get(), "times the work ran");
    }

    @Test
    void aFailureReachesEveryReader() {
        Uni<Integer> started = Started.now(Uni.createFrom().failure(new IllegalStateException("boom")));
        for (int i = 0; i < 2; i++) {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            started.subscribe().with(item -> { }, seen::set);
            assertEquals("boom", assertInstanceOf(IllegalStateException.class, seen.get()).getMessage());
        }
    }

    /**
     * A reader that subscribes while the work finishes on another thread must still be told of its subscription before
     * the item: a chain() takes an item that comes first for its own input, and casts its output to the wrong type
     * (Mutiny 3.1.1's memoize let this happen, load-tests/README.md).
     */
    @Test
    void aReaderJoiningAsTheWorkFinishesIsSubscribedBeforeItGetsTheItem() throws Exception {
        int violations = 0;
        for (int i = 0; i < 20_000 && violations == 0; i++) {
            AtomicBoolean go = new AtomicBoolean();
            int spin = ThreadLocalRandom.current().nextInt(200);
            Uni<String> started = Started.now(Uni.createFrom().item(() -> {
                while (!go.get()) {
                    Thread.onSpinWait();
                }
                for (int s = 0; s < spin; s++) {
                    Thread.onSpinWait();
                }
                return "done";
            }).runSubscriptionOn(POOL));
            ProtocolCheck reader = new ProtocolCheck();
            go.set(true);
            started.subscribe().withSubscriber(reader);
            assertTrue(reader.done.await(5, TimeUnit.SECONDS), "the reader got an outcome");
            if (reader.itemBeforeSubscription) {
                violations++;
            }
        }
        assertEquals(0, violations, "readers that got the item before their subscription");
    }

    private static final class ProtocolCheck implements UniSubscriber<String> {
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean subscribed;
        volatile boolean itemBeforeSubscription;

        @Override
        public void onSubscribe(UniSubscription subscription) {
            subscribed = true;
        }

        @Override
        public void onItem(String item) {
            itemBeforeSubscription |= !subscribed;
            done.countDown();
        }

        @Override
        public void onFailure(Throwable failure) {
            itemBeforeSubscription |= !subscribed;
            done.countDown();
        }
    }
}
