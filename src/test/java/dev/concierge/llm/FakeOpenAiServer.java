package dev.concierge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI-compatible HTTP server for tests (JDK HttpServer on a random port): {@code POST /v1/chat/completions}
 * (SSE chunks with {@code choices[0].delta.content} and a final {@code [DONE]} when {@code "stream":true}, else one
 * JSON completion) and {@code GET /v1/models}. Each chat request takes the next queued {@link Behaviour}, or the
 * default one when the queue is empty. Every request is recorded.
 */
public final class FakeOpenAiServer {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What the server does with one chat request. */
    public interface Behaviour {
        void handle(HttpExchange ex, JsonNode request, FakeOpenAiServer server) throws Exception;
    }

    /** A recorded request, with its Authorization header and the client's port (one per connection). */
    public record Recorded(String method, String path, JsonNode body, String authorization, int clientPort) {
        /** True for a chat call with "stream": true. */
        public boolean streamed() {
            return body != null && body.path("stream").asBoolean(false);
        }

        /** The chat messages of the request. */
        public List<JsonNode> messages() {
            List<JsonNode> out = new ArrayList<>();
            body.path("messages").forEach(out::add);
            return out;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final ConcurrentLinkedDeque<Behaviour> queue = new ConcurrentLinkedDeque<>();
    private final AtomicReference<Behaviour> fallback = new AtomicReference<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    /** Client ports of every chat request since the server started (reset keeps them): a new port is a new connection. */
    private final java.util.Set<Integer> portsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger modelsStatus = new AtomicInteger(200);
    private volatile CountDownLatch hanging = new CountDownLatch(1);

    private FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/models", this::models);
        fallback.set(reply(defaultAnswer()));
    }

    public static FakeOpenAiServer start() throws IOException {
        FakeOpenAiServer f = new FakeOpenAiServer();
        f.server.start();
        return f;
    }

    public void stop() {
        hanging.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Forgets recorded requests and queued behaviours, frees hanging requests, restores the defaults. */
    public void reset() {
        queue.clear();
        requests.clear();
        fallback.set(reply(defaultAnswer()));
        modelsStatus.set(200);
        CountDownLatch old = hanging;
        hanging = new CountDownLatch(1);
        old.countDown();
    }

    /** Client ports of all chat requests so far, including those before the last reset. */
    public java.util.Set<Integer> portsSeen() {
        return java.util.Set.copyOf(portsSeen);
    }

    /** Behaviours for the next chat requests, in order. */
    public FakeOpenAiServer then(Behaviour... next) {
        queue.addAll(List.of(next));
        return this;
    }

    /** Behaviour of every chat request once the queue is empty. */
    public FakeOpenAiServer always(Behaviour b) {
        fallback.set(b);
        return this;
    }

    public void modelsStatus(int status) {
        modelsStatus.set(status);
    }

    public List<Recorded> chatRequests() {
        return requests.stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    }

    public int chatCount() {
        return chatRequests().size();
    }

    // ---- behaviours -------------------------------------------------------------------------------

    static String defaultAnswer() {
        return "{\"act\":\"answer\",\"text\":\"Hello from the fake model.\",\"picks\":[]}";
    }

    /** Answers {@code content} in 8 chunks (stream) or whole, with usage 100/20. */
    public static Behaviour reply(String content) {
        return reply(content, 8, true);
    }

    /** Answers {@code content} in {@code chunks} SSE chunks (or whole, when not streamed); usage when asked. */
    public static Behaviour reply(String content, int chunks, boolean usage) {
        return (ex, req, srv) -> {
            if (req.path("stream").asBoolean(false)) {
                srv.stream(ex, split(content, chunks), usage);
            } else {
                srv.complete(ex, content, usage);
            }
        };
    }

    public static Behaviour status(int code) {
        return (ex, req, srv) -> {
            byte[] b = "{\"error\":{\"message\":\"fake failure\",\"type\":\"server_error\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(code, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        };
    }

    /** Accepts the request and never answers (until {@link #reset()} or {@link #stop()}). */
    public static Behaviour hang() {
        return (ex, req, srv) -> {
            srv.hanging.await(60, TimeUnit.SECONDS);
            ex.close();
        };
    }

    /** Streams {@code first}, runs {@code between} (the model still writing), then streams {@code rest} and ends. */
    public static Behaviour streamWithPause(String first, Runnable between, String rest) {
        return (ex, req, srv) -> srv.stream(ex, List.of(first, rest), false, between);
    }

    /** Streams the first {@code chunks} pieces of {@code content} (of 8), then stalls without ending the stream. */
    public static Behaviour streamThenHang(String content, int chunks) {
        return (ex, req, srv) -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            List<String> pieces = split(content, 8);
            for (int i = 0; i < Math.min(chunks, pieces.size()); i++) {
                ObjectNode delta = JSON.createObjectNode().put("content", pieces.get(i));
                event(out, chunk(delta, null));
            }
            srv.hanging.await(60, TimeUnit.SECONDS);
            ex.close();
        };
    }

    /**
     * Streams {@code content} in {@code chunks} SSE events written as the protocol allows but a simple server never
     * does: CRLF line ends, a comment line, and the bytes cut every {@code cut} bytes (through lines and through
     * multi-byte characters), each piece flushed on its own a millisecond after the last, so the client reads them apart.
     */
    public static Behaviour streamCutMidLine(String content, int chunks, int cut) {
        return (ex, req, srv) -> {
            StringBuilder sse = new StringBuilder(": the model is warming up\r\n\r\n");
            List<String> pieces = split(content, chunks);
            for (int i = 0; i < pieces.size(); i++) {
                ObjectNode delta = JSON.createObjectNode();
                if (i == 0) {
                    delta.put("role", "assistant");
                }
                sse.append("data: ").append(chunk(delta.put("content", pieces.get(i)), null)).append("\r\n\r\n");
            }
            sse.append("data: ").append(chunk(JSON.createObjectNode(), "stop")).append("\r\n\r\n");
            sse.append("data: [DONE]\r\n\r\n");
            byte[] bytes = sse.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < bytes.length; i += cut) {
                    out.write(bytes, i, Math.min(cut, bytes.length - i));
                    out.flush();
                    Thread.sleep(1);
                }
            }
        };
    }

    // ---- protocol ---------------------------------------------------------------------------------

    static List<String> split(String content, int chunks) {
        List<String> out = new ArrayList<>();
        int n = Math.max(1, Math.min(chunks, content.length()));
        int size = (int) Math.ceil(content.length() / (double) n);
        for (int i = 0; i < content.length(); i += size) {
            out.add(content.substring(i, Math.min(content.length(), i + size)));
        }
        return out;
    }

    void stream(HttpExchange ex, List<String> pieces, boolean usage) throws Exception {
        stream(ex, pieces, usage, () -> { });
    }

    /** {@code afterFirst} runs once the first piece is out. */
    void stream(HttpExchange ex, List<String> pieces, boolean usage, Runnable afterFirst) throws Exception {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < pieces.size(); i++) {
                ObjectNode delta = JSON.createObjectNode();
                if (i == 0) {
                    delta.put("role", "assistant");
                }
                delta.put("content", pieces.get(i));
                event(out, chunk(delta, null));
                if (i == 0) {
                    afterFirst.run();
                }
                Thread.sleep(5);
            }
            event(out, chunk(JSON.createObjectNode(), "stop"));
            if (usage) {
                ObjectNode u = base("chat.completion.chunk");
                u.putArray("choices");
                u.set("usage", usage(100, 20));
                event(out, u.toString());
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String chunk(ObjectNode delta, String finish) {
        ObjectNode o = base("chat.completion.chunk");
        ArrayNode choices = o.putArray("choices");
        ObjectNode c = choices.addObject();
        c.put("index", 0);
        c.set("delta", delta);
        if (finish == null) {
            c.putNull("finish_reason");
        } else {
            c.put("finish_reason", finish);
        }
        return o.toString();
    }

    void complete(HttpExchange ex, String content, boolean usage) throws IOException {
        ObjectNode o = base("chat.completion");
        ObjectNode c = o.putArray("choices").addObject();
        c.put("index", 0);
        c.putObject("message").put("role", "assistant").put("content", content);
        c.put("finish_reason", "stop");
        if (usage) {
            o.set("usage", usage(50, 30));
        }
        json(ex, 200, o.toString());
    }

    private static ObjectNode base(String object) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", "chatcmpl-fake");
        o.put("object", object);
        o.put("created", 1_700_000_000L);
        o.put("model", "fake-model");
        return o;
    }

    private static ObjectNode usage(int prompt, int completion) {
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        return u;
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private void chat(HttpExchange ex) throws IOException {
        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                json(ex, 405, "{}");
                return;
            }
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(new Recorded("POST", ex.getRequestURI().getPath(), body,
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRemoteAddress().getPort()));
            portsSeen.add(ex.getRemoteAddress().getPort());
            Behaviour b = queue.poll();
            (b == null ? fallback.get() : b).handle(ex, body, this);
        } catch (Exception e) {
            ex.close();
        }
    }

    private void models(HttpExchange ex) throws IOException {
        requests.add(new Recorded(ex.getRequestMethod(), ex.getRequestURI().getPath(), null,
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRemoteAddress().getPort()));
        int status = modelsStatus.get();
        json(ex, status, status == 200 ? "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}"
                : "{\"error\":{\"message\":\"unavailable\"}}");
    }
}
