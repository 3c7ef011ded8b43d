package dev.concierge.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs independent records with C workers; results in input order. The first failure stops the run:
 * queued records never start, running ones stop at their next API call ({@link #ABORTED}) but still
 * run their cleanup ({@code DELETE /api/v1/me}), and only then is the failure rethrown.
 */
public final class Parallel {
    private Parallel() {
    }

    /** Set after a failure: {@link Api} then refuses every call except the per-user cleanup. */
    public static final AtomicBoolean ABORTED = new AtomicBoolean();

    @FunctionalInterface
    public interface Task<T, R> {
        R apply(T item);
    }

    public static <T, R> List<R> map(List<T> items, int workers, Progress progress, Task<T, R> task) {
        List<R> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, Math.max(1, items.size()))), r -> {
            Thread t = new Thread(r, "eval-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Integer> cs = new ExecutorCompletionService<>(pool);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                final int idx = i;
                futures.add(cs.submit(() -> {
                    results.set(idx, task.apply(items.get(idx)));
                    if (progress != null) {
                        progress.step();
                    }
                    return idx;
                }));
            }
            for (int i = 0; i < items.size(); i++) {
                try {
                    cs.take().get();
                } catch (ExecutionException e) {
                    ABORTED.set(true);
                    futures.forEach(f -> f.cancel(false));
                    pool.shutdown();
                    pool.awaitTermination(2L * 60, TimeUnit.SECONDS);
                    Throwable c = e.getCause();
                    if (progress != null) {
                        progress.finish();
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted", EvalException.HTTP);
        } finally {
            pool.shutdownNow();
        }
        if (progress != null) {
            progress.finish();
        }
        return results;
    }
}
