package dev.concierge.eval;

import java.util.Arrays;

/** Nearest-rank percentiles: p-th percentile = the ceil(p/100 * n)-th smallest value (1-based). */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param values samples (not modified)
     * @param p      percentile in (0, 100]
     * @return the nearest-rank percentile, or NaN for no samples
     */
    public static double of(double[] values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }
}
