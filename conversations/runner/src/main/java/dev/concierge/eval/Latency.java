package dev.concierge.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Search latency against profile size: for each size a fresh user gets that many stated instructions
 * through the API, then M sequential {@code POST /api/v1/me/instructions/search {query, k:5}} calls;
 * in the same run the bare Redis read of the same profile ({@code HGETALL} of the instruction hash),
 * M times. Reports nearest-rank p50/p99 in ms and the ratio search/redis.
 */
public final class Latency {
    /**
     * The service's instruction hash of user U (every key of U starts with {@code cc:{U}:}).
     * Change here if the service's key layout changes.
     */
    public static final String INSTR_KEY = "cc:{%s}:instr";

    public static String instrKey(String userId) {
        return String.format(INSTR_KEY, userId);
    }

    private final Api api;
    private final PrintStream out;

    public Latency(Api api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    private record Row(int size, int created, String stop, double[] search, double[] redis, long fields, String redisNote) {
    }

    private static String ms(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.2f", x);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", a / b);
    }

    public void run(List<Integer> sizes, int repeats, int warmup, String redis, String redisPassword, int maxActive) {
        boolean useRedis = redis != null && !redis.isBlank() && !redis.equalsIgnoreCase("none");
        out.println("LATENCY base=" + api.base() + " repeats=" + repeats + " warmup=" + warmup
            + " redis=" + (useRedis ? redis : "none") + " key=" + INSTR_KEY.replace("%s", "U"));
        for (int s : sizes) {
            if (s > maxActive) {
                out.println("note: size " + s + " exceeds --max-active " + maxActive
                    + " (the service's active-instruction limit); raise the service's limit for this run,"
                    + " or that profile stops at the limit and its size is reported as reached");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            rows.add(one(size, repeats, warmup, useRedis ? redis : null, redisPassword));
        }
        out.println("size\tcreated\tsearch_p50_ms\tsearch_p99_ms\tredis_p50_ms\tredis_p99_ms\tredis_fields\tratio_p50\tratio_p99");
        StringBuilder p50 = new StringBuilder(), p99 = new StringBuilder(), r50 = new StringBuilder(), ratio50 = new StringBuilder();
        for (Row r : rows) {
            double sp50 = Percentiles.of(r.search, 50), sp99 = Percentiles.of(r.search, 99);
            double rp50 = Percentiles.of(r.redis, 50), rp99 = Percentiles.of(r.redis, 99);
            out.println(r.size + "\t" + r.created + "\t" + ms(sp50) + "\t" + ms(sp99) + "\t" + ms(rp50) + "\t" + ms(rp99)
                + "\t" + (r.redis.length == 0 ? "n/a" : r.fields) + "\t" + ratio(sp50, rp50) + "\t" + ratio(sp99, rp99));
            String sep = p50.length() == 0 ? "" : ",";
            p50.append(sep).append(r.created).append(':').append(ms(sp50));
            p99.append(sep).append(r.created).append(':').append(ms(sp99));
            r50.append(sep).append(r.created).append(':').append(ms(rp50));
            ratio50.append(sep).append(r.created).append(':').append(ratio(sp50, rp50));
        }
        for (Row r : rows) {
            if (r.stop != null) {
                out.println("note: size " + r.size + " reached " + r.created + " instructions: " + r.stop);
            }
            if (r.redisNote != null) {
                out.println("note: size " + r.size + " redis: " + r.redisNote);
            }
        }
        out.println("LATENCY search_p50_ms=" + p50 + " search_p99_ms=" + p99 + " redis_p50_ms=" + r50 + " ratio_p50=" + ratio50);
    }

    private Row one(int size, int repeats, int warmup, String redis, String redisPassword) {
        String userId = Api.freshUserId("lat" + size);
        String t = api.token(userId);
        try {
            List<String> texts = InstructionTexts.generate(size);
            Progress p = new Progress("latency create " + size, size);
            int created = 0;
            String stop = null;
            for (String text : texts) {
                Api.Response r = api.call("POST", "/api/v1/me/instructions", Map.of("text", text), t);
                if (r.status() >= 400 && r.status() < 500) {
                    stop = "POST /api/v1/me/instructions -> " + r.describe();
                    break;
                }
                if (!r.ok()) {
                    throw new EvalException("create instruction failed: " + r.describe(), EvalException.HTTP);
                }
                created++;
                p.step();
            }
            p.finish();
            double[] search = new double[repeats];
            Progress ps = new Progress("latency search " + created, warmup + repeats);
            for (int i = 0; i < warmup + repeats; i++) {
                String q = InstructionTexts.QUERIES.get(i % InstructionTexts.QUERIES.size());
                long t0 = System.nanoTime();
                api.require("search", "POST", "/api/v1/me/instructions/search", Map.of("query", q, "k", 5), t);
                long dt = System.nanoTime() - t0;
                if (i >= warmup) {
                    search[i - warmup] = dt / 1e6;
                }
                ps.step();
            }
            ps.finish();
            double[] redisMs = new double[0];
            long fields = 0;
            String note = null;
            if (redis != null) {
                try (Resp c = Resp.connect(redis, 5000)) {
                    if (redisPassword != null && !redisPassword.isEmpty()) {
                        c.call("AUTH", redisPassword);
                    }
                    String key = instrKey(userId);
                    redisMs = new double[repeats];
                    for (int i = 0; i < warmup + repeats; i++) {
                        long t0 = System.nanoTime();
                        Object reply = c.call("HGETALL", key);
                        long dt = System.nanoTime() - t0;
                        if (i >= warmup) {
                            redisMs[i - warmup] = dt / 1e6;
                        }
                        fields = reply instanceof List<?> l ? l.size() / 2 : 0;
                    }
                    if (fields == 0) {
                        note = "HGETALL " + key + " returned no field: has the key layout changed? (Latency.INSTR_KEY)";
                    }
                } catch (IOException | RuntimeException e) {
                    redisMs = new double[0];
                    note = "unavailable at " + redis + ": " + e.getMessage() + " (--redis HOST:PORT, or --redis none)";
                    Progress.warn("redis " + note);
                }
            }
            return new Row(size, created, stop, search, redisMs, fields, note);
        } finally {
            api.deleteMe(t);
        }
    }
}
