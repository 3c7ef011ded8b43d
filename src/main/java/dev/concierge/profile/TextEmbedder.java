package dev.concierge.profile;

/** Turns a text into a dense vector. Implementations used by the retriever must return L2-normalized vectors. */
public interface TextEmbedder {
    float[] embed(String text);

    /** Dot product of two vectors (= cosine for normalized vectors); 0 when either is null or lengths differ. */
    static double dot(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) return 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        n = Math.sqrt(n);
        if (n == 0) return v;
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (float) (v[i] / n);
        return r;
    }
}
