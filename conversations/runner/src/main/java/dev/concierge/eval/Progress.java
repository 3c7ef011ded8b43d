package dev.concierge.eval;

import java.util.concurrent.atomic.AtomicInteger;

/** "\r[label] i/total" on stderr, at most every 200 ms and at the end. */
public final class Progress {
    private final String label;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private long lastPrint;
    /** True while a progress line is open on stderr (so an error message starts on a new line). */
    static volatile boolean lineOpen;

    public Progress(String label, int total) {
        this.label = label;
        this.total = total;
        print(0);
    }

    public void step() {
        int i = done.incrementAndGet();
        long now = System.nanoTime();
        synchronized (this) {
            if (i == total || now - lastPrint > 200_000_000L) {
                lastPrint = now;
                print(i);
            }
        }
    }

    private synchronized void print(int i) {
        System.err.print("\r[" + label + "] " + i + "/" + total);
        System.err.flush();
        lineOpen = true;
    }

    /** A warning on stderr, on its own line even while a progress line is open. */
    public static synchronized void warn(String message) {
        if (lineOpen) {
            System.err.println();
            lineOpen = false;
        }
        System.err.println("warning: " + message);
    }

    public synchronized void finish() {
        if (lineOpen) {
            System.err.println();
            lineOpen = false;
        }
    }
}
