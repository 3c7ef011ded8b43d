package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process JSON HTTP server (JDK HttpServer on 127.0.0.1, a free port, 4 threads) for the runner's
 * tests: the fakes of the Concierge API and of an OpenAI-compatible LLM. The handler sees the parsed
 * request and returns status + body (written as JSON; no body for 204).
 */
final class FakeHttp implements AutoCloseable {

    /** One request: method, path, raw query (or null), JSON body (or null), the bearer token (or null). */
    record Request(String method, String path, String query, JsonNode body, String bearer) {
    }

    /** A reply: status and a body serialised as JSON ({@code null}: no body). */
    record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }

        static Reply noContent() {
            return new Reply(204, null);
        }
    }

    @FunctionalInterface
    interface Handler {
        Reply handle(Request request) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    private FakeHttp(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> serve(ex, handler));
        server.setExecutor(pool);
        server.start();
    }

    static FakeHttp start(Handler handler) throws IOException {
        return new FakeHttp(handler);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void serve(HttpExchange ex, Handler handler) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : Api.JSON.readTree(raw);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String bearer = auth == null || !auth.startsWith("Bearer ") ? null : auth.substring("Bearer ".length());
            Reply r;
            try {
                r = handler.handle(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), body, bearer));
            } catch (RuntimeException e) {
                r = new Reply(500, java.util.Map.of("error", String.valueOf(e)));
            }
            if (r.body() == null) {
                ex.sendResponseHeaders(r.status(), -1);
                return;
            }
            byte[] out = Api.JSON.writeValueAsBytes(r.body());
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), out.length);
            ex.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
