package dev.concierge.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What every simulation shares: the parameters common to all (system properties, with defaults), the HTTP
 * protocol, fresh user ids (one per virtual user: the rate limit is per user) and the dev-token request.
 * <p>
 * Common parameters: {@code -DbaseUrl=http://127.0.0.1:8181} (loopback only: any other host is refused).
 */
final class LoadSupport {

    private static final AtomicLong USERS = new AtomicLong();
    /** Distinguishes the user ids of two runs against the same Redis. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private LoadSupport() {
    }

    static String baseUrl() {
        String base = System.getProperty("baseUrl", "http://127.0.0.1:8181");
        String host = URI.create(base).getHost();
        if (!("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host) || "::1".equals(host)
                || host.startsWith("127."))) {
            throw new IllegalArgumentException("load tests only target loopback addresses, not " + host);
        }
        return base;
    }

    static int intProp(String name, int def) {
        return Integer.getInteger(name, def);
    }

    static Duration seconds(String name, int def) {
        return Duration.ofSeconds(Integer.getInteger(name, def));
    }

    static Duration millis(String name, int def) {
        return Duration.ofMillis(Integer.getInteger(name, def));
    }

    static HttpProtocolBuilder protocol() {
        String base = baseUrl();
        return http.baseUrl(base)
                .wsBaseUrl(base.replaceFirst("^http", "ws"))
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .shareConnections()
                .disableCaching()
                .userAgentHeader("concierge-load-tests");
    }

    /** A fresh user id for every virtual user: {@code userId}. */
    static Iterator<Map<String, Object>> users(String prefix) {
        return Stream.generate(() -> Map.<String, Object>of("userId", prefix + "-" + RUN + "-" + USERS.incrementAndGet()))
                .iterator();
    }

    /** The user ids in {@code file} (one per line), in turn, over and over: {@code userId}. Refuses fewer than {@code min}. */
    static Iterator<Map<String, Object>> usersFrom(String file, int min) {
        List<String> ids;
        try {
            ids = Files.readAllLines(Path.of(file)).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read usersFile " + file, e);
        }
        if (ids.size() < min) {
            throw new IllegalArgumentException(file + " holds " + ids.size() + " users; at least " + min
                    + " are needed so that no two conversations at once share a user");
        }
        AtomicLong next = new AtomicLong();
        return Stream.generate(() -> Map.<String, Object>of("userId", ids.get((int) (next.getAndIncrement() % ids.size()))))
                .iterator();
    }

    /** POST /api/v1/dev/token for the session's userId (demo profile): saves {@code token}. */
    static ChainBuilder devToken() {
        return exec(http("dev token").post("/api/v1/dev/token")
                .body(StringBody(s -> "{\"userId\":\"" + s.getString("userId") + "\"}"))
                .check(status().is(200), jsonPath("$.token").saveAs("token")));
    }

    /** The service's pseudonym of a user in its LLM calls (the OpenAI API's "user"): SHA-256 of the id, 32 hex digits. */
    static String pseudonym(String userId) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    /** The five user messages of a conversation (clarify, then recommendations, a preference, more). */
    static final String[] CONVERSATION = OneTurnAtATime.MESSAGES;
}
