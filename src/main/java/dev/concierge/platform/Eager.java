package dev.concierge.platform;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Work started now whose result is consumed later. A channel asks a turn's stream for its next event only once the
 * frame before it is written (websockets-next writes one frame at a time), so work that a lazy stream would begin
 * after a frame (the reply's LLM request after {@code turn_started}, the commit after the last text) waited for that
 * write on every turn's critical path.
 */
public final class Eager {

    private Eager() {
    }

    /** Subscribes now and buffers for one later subscriber; that subscriber's cancellation cancels the work. */
    public static <T> Multi<T> start(Multi<T> work) {
        AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
        UnicastProcessor<T> buffer = UnicastProcessor.create();
        work.onSubscription().invoke(upstream::set).subscribe(buffer);
        return buffer.onCancellation().invoke(() -> {
            Flow.Subscription s = upstream.get();
            if (s != null) {
                s.cancel();
            }
        });
    }

    /** Subscribes now; every later subscriber gets the same item or failure. Not cancelled by them. */
    public static <T> Uni<T> start(Uni<T> work) {
        Uni<T> once = work.memoize().indefinitely();
        once.subscribe().with(item -> { }, failure -> { }); // the failure reaches the later subscribers
        return once;
    }
}
