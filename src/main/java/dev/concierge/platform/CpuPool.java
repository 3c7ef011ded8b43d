package dev.concierge.platform;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small pool, one thread per core, for CPU work (embeddings, ranking, extraction). The event loop must
 * never run it, and the shared blocking pool (200 threads) would oversubscribe two cores.
 * <p>
 * Its threads run at a lower priority ({@code concierge.cpu-pool.nice}, Linux's nice value): when the cores are
 * all busy, the event loops, whose every delay is a turn's delay, get them first, and an embedding waits a little
 * instead (load-tests/README.md, hot spot 30). Most of the pool's work runs beside an LLM call that takes far longer,
 * so waiting costs no turn anything; work that a turn's reply waits for ({@link #runUrgent}) runs on threads of its own
 * at the JVM's priority instead (a thread cannot take back a priority it gave up without privilege), or it would
 * wait behind every event loop (hot spot 32).
 */
@Startup
@ApplicationScoped
public class CpuPool {

    private static final Logger LOG = Logger.getLogger(CpuPool.class);

    private final ExecutorService executor;
    private final ExecutorService urgent;

    public CpuPool(@ConfigProperty(name = "concierge.cpu-pool.nice", defaultValue = "10") int nice) {
        AtomicBoolean warned = new AtomicBoolean();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.executor = pool(threads, "concierge-cpu-", () -> {
            if (nice != 0 && !ThreadNice.set(nice) && warned.compareAndSet(false, true)) {
                LOG.warnf("cannot set the CPU pool's nice value to %d here; its threads run at the JVM's", nice);
            }
        });
        // a new thread takes its creator's priority: made on demand from a pool thread, an urgent one would yield too,
        // so all are made now, on the thread that starts the application
        ThreadPoolExecutor first = (ThreadPoolExecutor) pool(threads, "concierge-cpu-urgent-", () -> { });
        first.prestartAllCoreThreads();
        this.urgent = first;
    }

    private static ExecutorService pool(int threads, String name, Runnable onStart) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                onStart.run();
                r.run();
            }, name + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} on the pool; the result is delivered on the pool thread. */
    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }

    /**
     * Runs {@code work} that a turn's reply is waiting for, at the JVM's priority. Called on an event loop, the result
     * comes back to that loop: what follows (the reply's LLM call, its chunks, the socket's frames, Redis) then stays on
     * the loop's own connections instead of being handed across threads at every step.
     */
    public <T> Uni<T> runUrgent(Supplier<T> work) {
        Uni<T> onPool = Uni.createFrom().item(work).runSubscriptionOn(urgent);
        Context caller = Vertx.currentContext();
        return caller != null && caller.isEventLoopContext() && Context.isOnEventLoopThread()
                ? onPool.emitOn(task -> caller.runOnContext(v -> task.run()))
                : onPool;
    }

    /** A new {@link Lane}: one per turn. */
    public Lane lane() {
        return new Lane();
    }

    /**
     * A turn's CPU work that runs beside its LLM call until the turn waits for it: at the pool's low priority first,
     * and once {@link #hurry()} says the turn is waiting, whatever of it has not started yet runs on the urgent threads
     * instead. When the cores are busy, a nice pool thread gets a tenth of a contended core, and a turn's decision could
     * sit queued behind other turns' work well past the end of the extraction it ran beside (decide p99 0.7-1 s at
     * 500 conversations, load-tests/README.md, hot spot 35). Work already running stays where it is.
     */
    public final class Lane {
        private final Queue<Claim<?>> queued = new ConcurrentLinkedQueue<>();
        private volatile boolean hurried;

        /** As {@link CpuPool#run}, and moved to the urgent threads by {@link #hurry()} if it has not started by then. */
        public <T> Uni<T> run(Supplier<T> work) {
            return Uni.createFrom().deferred(() -> {
                Claim<T> claim = new Claim<>(work);
                if (hurried) {
                    urgent.execute(claim);
                } else {
                    queued.add(claim);
                    executor.execute(claim);
                    if (hurried) {
                        hurry(); // hurried between the check and the add: this one may have been missed
                    }
                }
                return Uni.createFrom().completionStage(claim.result);
            });
        }

        /** The turn waits for this lane now: its queued work runs on the urgent threads, and so does all that follows. */
        public void hurry() {
            hurried = true;
            for (Claim<?> c = queued.poll(); c != null; c = queued.poll()) {
                if (!c.taken.get()) {
                    urgent.execute(c); // the first of the two threads to take it runs it
                }
            }
        }
    }

    /** Work that may be handed to two executors and runs once, on the first thread that takes it. */
    private static final class Claim<T> implements Runnable {
        private final Supplier<T> work;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Claim(Supplier<T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        urgent.shutdownNow();
    }
}
