package dev.concierge.platform;

import io.smallrye.mutiny.Uni;

/** Work started now rather than when someone subscribes, its outcome kept for whoever reads it later. */
public final class Started {

    private Started() {
    }

    /**
     * Subscribes to {@code work} at once and returns it memoized: every later subscriber gets the same item or failure.
     * A failure nobody reads is dropped here; the reader that awaits the result sees it.
     */
    public static <T> Uni<T> now(Uni<T> work) {
        Uni<T> once = work.memoize().indefinitely();
        once.subscribe().with(item -> { }, failure -> { });
        return once;
    }
}
