package dev.concierge.support;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contexts on distinct Vert.x event loops, for tests of what a call made on one loop uses. */
public final class EventLoops {

    private EventLoops() {
    }

    /** Two event-loop contexts whose loops (threads) differ. */
    public static Context[] twoDistinct(Vertx vertx) {
        VertxInternal loops = (VertxInternal) vertx;
        Context a = loops.createEventLoopContext();
        Context b = loops.createEventLoopContext();
        for (int i = 0; i < 16 && loop(b) == loop(a); i++) {
            b = loops.createEventLoopContext();
        }
        assertTrue(loop(a) != loop(b), "the test needs two event loops");
        return new Context[]{a, b};
    }

    private static Object loop(Context c) {
        return ((ContextInternal) c).nettyEventLoop();
    }
}
