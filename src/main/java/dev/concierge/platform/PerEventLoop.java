package dev.concierge.platform;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One instance of a client per Vert.x event loop, made the first time that loop asks, plus one for callers off the
 * loops. A pooled connection belongs to the event loop that opened it: a call made on another loop has its request
 * and every piece of its answer handed from one loop thread to the other, a thread wake-up each (load-tests/README.md,
 * hot spots 15 and 16). Calls that stay on their own loop's connections do not.
 */
public final class PerEventLoop<T> {

    private final Map<EventLoop, T> byLoop = new ConcurrentHashMap<>();
    private final Function<ContextInternal, T> create;
    private final T offLoop;

    /**
     * @param create makes the instance of one loop; it runs on that loop's thread, with the loop's own (not a
     *               request's duplicated) context as the current one, which is where clients that remember their
     *               creation context open their connections
     * @param offLoop the instance for calls made off the event loops (worker threads, the CPU pool, tests)
     */
    public PerEventLoop(Function<ContextInternal, T> create, T offLoop) {
        this.create = create;
        this.offLoop = offLoop;
    }

    /** The instance of the calling event loop, or the off-loop one. */
    public T current() {
        Context ctx = Vertx.currentContext();
        if (ctx instanceof ContextInternal c && ctx.isEventLoopContext() && Context.isOnEventLoopThread()) {
            T mine = byLoop.get(c.nettyEventLoop());
            return mine != null ? mine : byLoop.computeIfAbsent(c.nettyEventLoop(), loop -> onOwnContext(c.unwrap()));
        }
        return offLoop;
    }

    private T onOwnContext(ContextInternal base) {
        ContextInternal previous = base.beginDispatch();
        try {
            return create.apply(base);
        } finally {
            base.endDispatch(previous);
        }
    }

    /** Every instance made so far, the off-loop one included (to close them). */
    public List<T> all() {
        return Stream.concat(byLoop.values().stream(), Stream.of(offLoop)).toList();
    }
}
