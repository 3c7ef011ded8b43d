package dev.concierge.platform;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EagerTest {

    @Test
    void aStreamStartsBeforeItsSubscriberComesAndLosesNothingMeanwhile() {
        AtomicInteger subscribed = new AtomicInteger();
        BroadcastProcessor<String> source = BroadcastProcessor.create();
        Multi<String> later = Eager.start(source.onSubscription().invoke(s -> subscribed.incrementAndGet()));
        assertEquals(1, subscribed.get(), "the work started before anyone subscribed");
        source.onNext("a");
        source.onNext("b");
        AssertSubscriber<String> sub = later.subscribe().withSubscriber(AssertSubscriber.create(10));
        source.onNext("c");
        source.onComplete();
        sub.assertCompleted().assertItems("a", "b", "c");
        assertEquals(1, subscribed.get(), "started once");
    }

    @Test
    void cancellingTheLateSubscriberCancelsTheWork() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Multi<Integer> later = Eager.start(Multi.createFrom().<Integer>emitter(em -> em.emit(1))
                .onCancellation().invoke(() -> cancelled.set(true)));
        AssertSubscriber<Integer> sub = later.subscribe().withSubscriber(AssertSubscriber.create(10));
        sub.assertItems(1);
        sub.cancel();
        assertTrue(cancelled.get(), "the stream was not cancelled");
    }

    @Test
    void aUniRunsOnceAndHandsItsItemOrFailureToLaterSubscribers() {
        AtomicInteger runs = new AtomicInteger();
        Uni<Integer> later = Eager.start(Uni.createFrom().item(runs::incrementAndGet));
        assertEquals(1, runs.get(), "the work ran before anyone subscribed");
        later.subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem(1);
        later.subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem(1);
        assertEquals(1, runs.get());
        Uni<Integer> failing = Eager.start(Uni.createFrom().failure(new IllegalStateException("lost")));
        failing.subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalStateException.class, "lost");
    }
}
