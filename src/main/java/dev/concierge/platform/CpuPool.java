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
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "concierge-cpu-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} on the pool; the result is delivered on the pool thread. */
    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
