package dev.concierge.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake OpenAI-compatible LLM server for load tests: realistic, deterministic timing without a GPU.
 * JDK only (no dependency), loopback only. Run it standalone:
 * <pre>
 *   java load-tests/src/main/java/dev/concierge/load/FakeLlm.java --port 8399 --ttft-ms 200 --tokens-per-second 50 \
 *        --reply-tokens 30 --extract-tokens 5
 * </pre>
 * Endpoints: {@code POST /v1/chat/completions} (streamed SSE chunks when {@code "stream":true}, else one completion),
 * {@code GET /v1/models}, {@code GET /stats} (calls, schedule lateness, chunks written and the fake's own CPU seconds,
 * JSON), {@code POST /stats} (the same, after a reset),
 * {@code GET /calls} (each streamed call's own time and end user since the last read, CSV).
 * <p>
 * What it answers (what the service parses):
 * <ul>
 *   <li>a reply request (the system prompt of {@code llm/system-prompt.txt}): {@code {"act":..,"text":..,"picks":[..]}}
 *       with the act of the prompt's DECISION section and, for "recommend", up to "max picks" item ids taken from the
 *       prompt's CATALOG DATA lines, so the service accepts the reply ({@code degraded:false});</li>
 *   <li>a preference-extraction request (system prompt "You extract ..."): {@code {"statements":[]}}, or, when the
 *       message says "no X" / "I hate X", one statement in the user's own words.</li>
 * </ul>
 * Timing (fixed by construction, nothing depends on the request's size): the answer is cut into N chunks (N =
 * reply-tokens for replies, extract-tokens for extractions); chunk i (0-based) is due at ttft + i * 1000/tps ms
 * after the request body was read, then finish_reason, usage and [DONE] at once. So one call takes
 * {@code ttft + (N - 1) * 1000 / tps} ms (its nominal time), plus less than a tick. A non-streamed call sends the
 * whole answer at its nominal time.
 * Chunks are scheduled on a ScheduledExecutorService (no thread sleeps per request), and they leave on the ticks of
 * one clock ({@code --tick-ms}, default 5; 0 = each at its own time): chunk i goes at the first tick at or after its
 * nominal time, so the chunks of every stream due in a tick leave from one wake-up of one thread, as a batching
 * server's do (vLLM emits a token for every running sequence at each engine step). A wake-up per chunk cost the fake
 * ~60 us of CPU a chunk, 40% of it the kernel switching threads, on the two cores it shares with the service; ticked,
 * half that (load-tests/README.md, hot spot 31). {@code /stats} reports how late the last
 * chunk actually went out compared with its nominal time (p50/p99/max), the tick included: the load tests subtract the
 * fake's own time of each call (GET /calls, the wire), which holds it.
 */
public final class FakeLlm {

    static final Pattern ACT = Pattern.compile("DECISION\\\\nact: (clarify|recommend|answer)");
    static final Pattern MAX_PICKS = Pattern.compile("max picks: (\\d+)");
    /** A catalog line inside the JSON-encoded prompt: {\"itemId\":\"tt0076759\", ... */
    static final Pattern ITEM = Pattern.compile("\\{\\\\\"itemId\\\\\":\\\\\"([^\\\\\"]+)\\\\\"");
    static final Pattern CONTENT = Pattern.compile("\"content\"\\s*:\\s*\"");
    static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
    /** The service's pseudonym of the end user (the OpenAI API's "user" field). */
    static final Pattern USER = Pattern.compile("\"user\"\\s*:\\s*\"([^\"]{1,128})\"");
    static final Pattern AVOID = Pattern.compile("(?i)\\b(no|hate|can't stand|don't like|do not like) ([a-z][a-z -]{1,30}?)(?:[.,!]|\\\\n|\"|$)");

    final int ttftMs;
    final double tokensPerSecond;
    final int replyTokens;
    final int extractTokens;
    /** Chunks leave on the ticks of one clock, every tickNanos (0: each at its own nominal time). */
    final long tickNanos;
    final long clockOrigin = System.nanoTime();
    final ScheduledExecutorService timers;
    final AtomicLong replies = new AtomicLong();
    final AtomicLong extractions = new AtomicLong();
    final AtomicLong others = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong maxInFlight = new AtomicLong();
    /** Chunks written, and this process's CPU time when the stats were last reset: what the fake itself costs. */
    final AtomicLong chunksSent = new AtomicLong();
    volatile long cpuAtReset = processCpuNanos();
    /** Lateness of the last chunk vs. its nominal time, histogram in 0.1 ms buckets up to 1 s (last bucket: more). */
    final AtomicLongArray lateness = new AtomicLongArray(10_001);
    /**
     * Each streamed call's own time, from the request read to its last chunk written, with the end user's pseudonym:
     * lines "user,kind,startedNanos,ownMicros" ({@code GET /calls}), for the load tests' per-turn overhead.
     */
    final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();

    FakeLlm(int ttftMs, double tokensPerSecond, int replyTokens, int extractTokens, int timerThreads, double tickMs) {
        this.ttftMs = ttftMs;
        this.tickNanos = (long) (Math.max(0, tickMs) * 1_000_000);
        this.tokensPerSecond = tokensPerSecond;
        this.replyTokens = Math.max(1, replyTokens);
        this.extractTokens = Math.max(1, extractTokens);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(timerThreads, r -> {
            Thread th = new Thread(r, "fake-llm-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timers = t;
    }

    /** Nominal time of one call that answers in {@code chunks} chunks, in ms. */
    double nominalMs(int chunks) {
        return ttftMs + (chunks - 1) * 1000.0 / tokensPerSecond;
    }

    public static void main(String[] args) throws Exception {
        int port = 8399;
        int ttft = 200;
        double tps = 50;
        int replyTokens = 30;
        int extractTokens = 5;
        int threads = 1;
        double tick = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(v);
                case "--ttft-ms" -> ttft = Integer.parseInt(v);
                case "--tokens-per-second" -> tps = Double.parseDouble(v);
                case "--reply-tokens" -> replyTokens = Integer.parseInt(v);
                case "--extract-tokens" -> extractTokens = Integer.parseInt(v);
                case "--timer-threads" -> threads = Integer.parseInt(v);
                case "--tick-ms" -> tick = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --port --ttft-ms --tokens-per-second --reply-tokens --extract-tokens --timer-threads --tick-ms)");
            }
        }
        // The JDK server closes keep-alive connections idle for 30 s (and keeps at most 200): a client reusing one at
        // that moment gets "Connection was closed", which the service counts as an LLM failure. A real server keeps
        // them longer than the service's client does (60 s), so keep them 10 minutes and up to 4096 of them.
        System.setProperty("sun.net.httpserver.idleInterval", System.getProperty("sun.net.httpserver.idleInterval", "600"));
        System.setProperty("sun.net.httpserver.maxIdleConnections",
                System.getProperty("sun.net.httpserver.maxIdleConnections", "4096"));
        FakeLlm fake = new FakeLlm(ttft, tps, replyTokens, extractTokens, threads, tick);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        // Handlers run on the server's own dispatcher thread: a handler only reads the request and schedules its
        // chunks, and a hand-off to a pool would add a thread wake-up to every call's time before the fake starts
        // its clock, which the load test would count as the service's.
        server.setExecutor(null);
        server.createContext("/v1/chat/completions", fake::chat);
        server.createContext("/v1/models", ex -> json(ex, 200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}"));
        server.createContext("/stats", fake::stats);
        server.createContext("/calls", fake::calls);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(fake.statsJson())));
        System.out.printf(Locale.ROOT, "fake LLM on http://127.0.0.1:%d/v1 ttft=%d ms, %.1f tokens/s, reply %d chunks "
                        + "(%.1f ms a call), extraction %d chunks (%.1f ms a call), tick %.1f ms, %d timer thread(s)%n", port, ttft, tps,
                fake.replyTokens, fake.nominalMs(fake.replyTokens), fake.extractTokens, fake.nominalMs(fake.extractTokens),
                tick, threads);
    }

    // ------------------------------------------------------------------ chat

    void chat(HttpExchange ex) throws IOException {
        long received = System.nanoTime();
        if (!"POST".equals(ex.getRequestMethod())) {
            json(ex, 405, "{\"error\":{\"message\":\"POST only\"}}");
            return;
        }
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean stream = STREAM.matcher(body).find();
        String content;
        int chunks;
        Matcher u = USER.matcher(body);
        String user = u.find() ? u.group(1) : "-";
        String kind;
        if (body.contains("You extract")) {
            kind = "extraction";
            extractions.incrementAndGet();
            content = extraction(body);
            chunks = extractTokens;
        } else if (body.contains("You are Concierge")) {
            kind = "reply";
            replies.incrementAndGet();
            content = reply(body);
            chunks = replyTokens;
        } else {
            kind = "other";
            others.incrementAndGet();
            content = "{\"act\":\"answer\",\"text\":\"Here is what I can say.\",\"picks\":[]}";
            chunks = replyTokens;
        }
        long n = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(n, Math::max);
        List<String> pieces = split(content, chunks);
        double interval = 1000.0 / tokensPerSecond;
        if (!stream) {
            long at = received + (long) (nominalMs(chunks) * 1_000_000);
            timers.schedule(() -> {
                try {
                    latenessOf(at);
                    json(ex, 200, completion(content));
                } catch (IOException e) {
                    ex.close();
                } finally {
                    inFlight.decrementAndGet();
                }
            }, at - System.nanoTime(), TimeUnit.NANOSECONDS);
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        // headers go out with the first chunk, as a real server would after its prefill
        new Streamer(ex, pieces, received, interval, user + "," + kind).next();
    }

    /** Writes chunk i at received + ttft + i * interval, each scheduled on the timer pool. */
    private final class Streamer implements Runnable {
        final HttpExchange ex;
        final List<String> pieces;
        final long received;
        final double interval;
        final String call;
        int i;
        OutputStream out;

        Streamer(HttpExchange ex, List<String> pieces, long received, double interval, String call) {
            this.ex = ex;
            this.pieces = pieces;
            this.received = received;
            this.interval = interval;
            this.call = call;
        }

        long due(int k) {
            return received + (long) ((ttftMs + k * interval) * 1_000_000);
        }

        void next() {
            timers.schedule(this, onTick(due(i)) - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            try {
                if (i == 0) {
                    ex.sendResponseHeaders(200, 0);
                    out = ex.getResponseBody();
                }
                String delta = (i == 0 ? "{\"role\":\"assistant\",\"content\":" : "{\"content\":") + quote(pieces.get(i)) + "}";
                StringBuilder b = new StringBuilder(event(chunk(delta, null)));
                boolean last = i == pieces.size() - 1;
                if (last) {
                    latenessOf(due(i));
                    b.append(event(chunk("{}", "\"stop\"")));
                    b.append(event("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                            + "\"model\":\"fake-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":"
                            + pieces.size() + ",\"total_tokens\":" + (1000 + pieces.size()) + "}}"));
                    b.append("data: [DONE]\n\n");
                }
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                chunksSent.incrementAndGet();
                if (last) {
                    out.close();
                    inFlight.decrementAndGet();
                    calls.add(call + "," + received + "," + (System.nanoTime() - received) / 1000);
                } else {
                    i++;
                    next();
                }
            } catch (IOException e) {
                inFlight.decrementAndGet();
                ex.close();
            }
        }
    }

    /** The first tick of the fake's clock at or after {@code nanos}. */
    long onTick(long nanos) {
        if (tickNanos == 0) {
            return nanos;
        }
        long sinceOrigin = nanos - clockOrigin;
        return clockOrigin + Math.floorDiv(sinceOrigin + tickNanos - 1, tickNanos) * tickNanos;
    }

    void latenessOf(long dueNanos) {
        long late = Math.max(0, (System.nanoTime() - dueNanos) / 100_000); // 0.1 ms buckets
        lateness.incrementAndGet((int) Math.min(late, lateness.length() - 1));
    }

    /** The reply the service accepts: the decided act; for a recommendation, item ids from the prompt's catalog. */
    static String reply(String body) {
        Matcher a = ACT.matcher(body);
        String act = a.find() ? a.group(1) : "answer";
        StringBuilder picks = new StringBuilder();
        StringBuilder text = new StringBuilder();
        if ("recommend".equals(act)) {
            Matcher m = MAX_PICKS.matcher(body);
            int max = m.find() ? Integer.parseInt(m.group(1)) : 3;
            Set<String> ids = new LinkedHashSet<>();
            // ids from the catalog data only: the system prompt's answer format has an itemId placeholder too
            Matcher it = ITEM.matcher(body);
            it.region(Math.max(0, body.indexOf("CATALOG DATA\\n")), body.length());
            while (it.find() && ids.size() < max) {
                ids.add(it.group(1));
            }
            text.append("Here are a few picks from the catalog that fit what you asked for; each one matches your request.");
            for (String id : ids) {
                if (!picks.isEmpty()) {
                    picks.append(',');
                }
                picks.append("{\"itemId\":").append(quote(id)).append(",\"reason\":\"It fits your request.\"}");
            }
        } else if ("clarify".equals(act)) {
            text.append("Happy to help. To narrow it down, which of the options do you prefer?");
        } else {
            text.append("Sure, tell me a little more about what you are in the mood for.");
        }
        return "{\"act\":\"" + act + "\",\"text\":" + quote(text.toString()) + ",\"picks\":[" + picks + "]}";
    }

    /** No statement, or one restating an explicit dislike in the user's words (grounded: the service checks it). */
    static String extraction(String body) {
        // the last message's content is the user's (LangChain4j writes the request indented: "content" : "...")
        Matcher c = CONTENT.matcher(body);
        int user = -1;
        while (c.find()) {
            user = c.end();
        }
        String tail = user < 0 ? "" : body.substring(user);
        Matcher m = AVOID.matcher(tail);
        if (m.find()) {
            String what = m.group(2).strip();
            return "{\"statements\":[{\"text\":" + quote(m.group(1) + " " + what) + ",\"polarity\":\"avoid\","
                    + "\"domain\":\"movies\",\"condition\":null,\"subject\":" + quote(what) + "}]}";
        }
        return "{\"statements\":[]}";
    }

    // ------------------------------------------------------------------ protocol

    static List<String> split(String content, int chunks) {
        List<String> out = new ArrayList<>();
        int n = Math.max(1, Math.min(chunks, content.length()));
        for (int k = 0; k < n; k++) {
            out.add(content.substring(k * content.length() / n, (k + 1) * content.length() / n));
        }
        return out;
    }

    static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : finish) + "}]}";
    }

    static String event(String data) {
        return "data: " + data + "\n\n";
    }

    static String completion(String content) {
        return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(content)
                + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":10,\"total_tokens\":310}}";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    // ------------------------------------------------------------------ stats

    void stats(HttpExchange ex) throws IOException {
        if ("POST".equals(ex.getRequestMethod())) {
            replies.set(0);
            extractions.set(0);
            others.set(0);
            maxInFlight.set(inFlight.get());
            chunksSent.set(0);
            cpuAtReset = processCpuNanos();
            for (int k = 0; k < lateness.length(); k++) {
                lateness.set(k, 0);
            }
        }
        json(ex, 200, statsJson());
    }

    /** The calls recorded since the last {@code GET /calls}, one CSV line each, and forgets them. */
    void calls(HttpExchange ex) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line; (line = calls.poll()) != null; ) {
            b.append(line).append('\n');
        }
        byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/csv");
        ex.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    String statsJson() {
        long[] h = new long[lateness.length()];
        long total = 0;
        for (int k = 0; k < h.length; k++) {
            h[k] = lateness.get(k);
            total += h[k];
        }
        return String.format(Locale.ROOT, "{\"replies\":%d,\"extractions\":%d,\"others\":%d,\"inFlight\":%d,\"maxInFlight\":%d,"
                        + "\"replyNominalMs\":%.1f,\"extractNominalMs\":%.1f,\"latenessMs\":{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
                        + "\"chunks\":%d,\"cpuS\":%.2f}",
                replies.get(), extractions.get(), others.get(), inFlight.get(), maxInFlight.get(),
                nominalMs(replyTokens), nominalMs(extractTokens), pct(h, total, 0.50), pct(h, total, 0.99), pct(h, total, 1.0),
                chunksSent.get(), (processCpuNanos() - cpuAtReset) / 1e9);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double pct(long[] h, long total, double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int k = 0; k < h.length; k++) {
            seen += h[k];
            if (seen >= rank) {
                return k / 10.0;
            }
        }
        return (h.length - 1) / 10.0;
    }
}
