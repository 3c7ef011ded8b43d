package dev.concierge.platform;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small pool, one thread per core, for CPU work (embeddings, ranking, extraction). The event loop must
 * never run it, and the shared blocking pool (200 threads) would oversubscribe two cores.
 */
@ApplicationScoped
public class CpuPool {

    private final ExecutorService executor;

    public CpuPool() {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.executor = Executors.newFixedThreadPool(threads, r -> new CpuThread(r, "concierge-cpu-" + n.incrementAndGet()));
    }

    private static final class CpuThread extends Thread {
        CpuThread(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    /** Runs {@code work} on the pool; the result is delivered on the pool thread. */
    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }

    /**
     * The next step of work already running on the pool: done at once on the same thread, instead of queued behind
     * every other turn's work (the turn is waiting for it). From any other thread, as {@link #run}. Not for work
     * meant to run beside other work (two {@code next} calls on one pool thread run one after the other).
     */
    public <T> Uni<T> next(Supplier<T> work) {
        return Uni.createFrom().deferred(() -> Thread.currentThread() instanceof CpuThread
                ? Uni.createFrom().item(work) : run(work));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
