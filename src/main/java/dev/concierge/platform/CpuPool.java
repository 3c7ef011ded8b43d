package dev.concierge.platform;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small pool, one thread per core, for CPU work (embeddings, ranking, extraction). The event loop must
 * never run it, and the shared blocking pool (200 threads) would oversubscribe two cores.
 * <p>
 * Its threads run at a lower priority ({@code concierge.cpu-pool.nice}, Linux's nice value): when the cores are
 * all busy, the event loops, whose every delay is a turn's delay, get them first, and an embedding waits a little
 * instead (load-tests/README.md, hot spot 30).
 */
@ApplicationScoped
public class CpuPool {

    private static final Logger LOG = Logger.getLogger(CpuPool.class);

    private final ExecutorService executor;

    public CpuPool(@ConfigProperty(name = "concierge.cpu-pool.nice", defaultValue = "10") int nice) {
        AtomicInteger n = new AtomicInteger();
        AtomicBoolean warned = new AtomicBoolean();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                if (nice != 0 && !ThreadNice.set(nice) && warned.compareAndSet(false, true)) {
                    LOG.warnf("cannot set the CPU pool's nice value to %d here; its threads run at the JVM's", nice);
                }
                r.run();
            }, "concierge-cpu-" + n.incrementAndGet());
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
