package dev.concierge.platform;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.CompletableFuture;

/** Work started now rather than when someone subscribes, its outcome kept for whoever reads it later. */
public final class Started {

    private Started() {
    }

    /**
     * Subscribes to {@code work} at once; every later subscriber gets the same item or failure. A failure nobody reads
     * is dropped here; the reader that awaits the result sees it.
     * <p>
     * Not {@code memoize()}: in Mutiny 3.1.1 a subscriber that joins while the item arrives on another thread can get
     * the item before its subscription, and a {@code chain()} then takes its own inner result for its input (a
     * ClassCastException, load-tests/README.md). An emitter per reader is subscribed before anything is emitted. Not
     * {@code Uni.createFrom().completionStage(outcome)} either: a reader that cancels would cancel the shared future for
     * every other reader.
     */
    public static <T> Uni<T> now(Uni<T> work) {
        CompletableFuture<T> outcome = work.subscribeAsCompletionStage();
        // the future is completed with the work's own failure, never wrapped: it reaches the reader as it was
        return Uni.createFrom().emitter(reader -> outcome.whenComplete((item, failure) -> {
            if (failure == null) {
                reader.complete(item);
            } else {
                reader.fail(failure);
            }
        }));
    }
}
