package dev.concierge.eval;

import java.util.concurrent.atomic.AtomicInteger;

/** A progress bar on stderr, "\r[label] [#####-----] i/total", redrawn at most every 200 ms and at the end. */
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
        System.err.print("\r" + line(label, i, total));
        System.err.flush();
        lineOpen = true;
    }

    static final int WIDTH = 24;

    /** "[label] [######------------------] i/total". */
    static String line(String label, int i, int total) {
        int filled = total <= 0 ? WIDTH : (int) Math.round(WIDTH * Math.min(1.0, i / (double) total));
        return "[" + label + "] [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + i + "/" + total;
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
