package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/** The public API over {@link HttpClient}, as contract_client.py's {@code call}. Thread-safe. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How often a 429 is retried (after its Retry-After, capped at 10 s) before it is returned. */
    private static final int MAX_429_RETRIES = 3;

    /** A response: status and body, parsed as JSON when the Content-Type says JSON, else a text node. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** A short description for error messages. */
        public String describe() {
            String b = body == null ? "" : body.isTextual() ? body.asText() : body.toString();
            return "HTTP " + status + (b.isEmpty() ? "" : " " + (b.length() > 300 ? b.substring(0, 300) + "..." : b));
        }
    }

    private final String base;
    private final HttpClient client;
    private final Duration timeout;

    public Api(String base, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    }

    public String base() {
        return base;
    }

    /** The shared client (also opens the chat sockets of {@link WsChat}). */
    HttpClient client() {
        return client;
    }

    /** The per-request timeout. */
    Duration timeout() {
        return timeout;
    }

    /**
     * One call. Never throws for an HTTP status; throws {@link EvalException} (exit code HTTP) when
     * the service cannot be reached or does not answer in time.
     */
    public Response call(String method, String path, Object body, String token) {
        return call(method, path, body, token, "application/json");
    }

    /** As {@link #call} with another Accept header (e.g. text/plain for the Prometheus {@code /q/metrics}). */
    public Response call(String method, String path, Object body, String token, String accept) {
        if (Parallel.ABORTED.get() && !(method.equals("DELETE") && path.equals("/api/v1/me"))) {
            throw new EvalException("aborted after an earlier failure", EvalException.HTTP);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", accept);
        if (body != null) {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            rb.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        HttpRequest req = rb.build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> r = send(req, method, path);
            if (r.statusCode() == 429 && attempt < MAX_429_RETRIES) {
                long wait = r.headers().firstValue("Retry-After").map(Api::parseRetryAfter).orElse(1L);
                sleep(Math.min(10, Math.max(1, wait)) * 1000L);
                continue;
            }
            return new Response(r.statusCode(), parse(r));
        }
    }

    private HttpResponse<byte[]> send(HttpRequest req, String method, String path) {
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new EvalException("cannot connect to " + base + " (" + method + " " + path + "): connect timed out", EvalException.HTTP);
        } catch (HttpTimeoutException e) {
            throw new EvalException(method + " " + base + path + " timed out after " + timeout.toSeconds() + " s", EvalException.HTTP);
        } catch (ConnectException e) {
            throw new EvalException("cannot connect to " + base + " (" + method + " " + path + "): "
                + (e.getMessage() == null ? "connection refused" : e.getMessage())
                + " - is the service running? (--base URL)", EvalException.HTTP);
        } catch (IOException e) {
            throw new EvalException(method + " " + base + path + " failed: " + e, EvalException.HTTP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted", EvalException.HTTP);
        }
    }

    private static long parseRetryAfter(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Sleeps; an interrupt ends the run with an error (shared by the REST and socket clients). */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted", EvalException.HTTP);
        }
    }

    private static JsonNode parse(HttpResponse<byte[]> r) {
        byte[] raw = r.body();
        if (raw == null || raw.length == 0) {
            return MissingNode.getInstance();
        }
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (ct.contains("json")) {
            try {
                return JSON.readTree(raw);
            } catch (IOException e) {
                // fall through: keep the text
            }
        }
        return TextNode.valueOf(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Like {@link #call} but any non-2xx status ends the run with {@code what} in the message. */
    public Response require(String what, String method, String path, Object body, String token) {
        Response r = call(method, path, body, token);
        if (!r.ok()) {
            throw new EvalException(what + " failed: " + method + " " + path + " -> " + r.describe(), EvalException.HTTP);
        }
        return r;
    }

    /** A fresh user id: {@code eval-<tag>-<10 hex digits>}. */
    public static String freshUserId(String tag) {
        return String.format("eval-%s-%010x", tag, RANDOM.nextLong() & 0xffffffffffL);
    }

    /** {@code POST /api/v1/dev/token {"userId"}} -> the bearer token. */
    public String token(String userId) {
        Response r = require("dev token", "POST", "/api/v1/dev/token", Map.of("userId", userId), null);
        JsonNode t = r.body().get("token");
        if (t == null || !t.isTextual()) {
            throw new EvalException("dev token: no \"token\" in " + r.describe(), EvalException.HTTP);
        }
        return t.asText();
    }

    /** {@code DELETE /api/v1/me}; a failure is reported on stderr, not fatal (as the reference client). */
    public void deleteMe(String token) {
        Response r = call("DELETE", "/api/v1/me", null, token);
        if (!r.ok()) {
            Progress.warn("DELETE /api/v1/me -> " + r.describe());
        }
    }
}
