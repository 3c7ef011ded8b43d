package dev.concierge.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.llm.FakeOpenAiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica stopped by SIGTERM (as Kubernetes stops a pod) while a turn streams on one socket and another socket is idle:
 * the idle socket is closed at once with 1012, the turn runs to its turn frame and then its socket is closed with 1012,
 * a message sent after the stop began is refused ({@code unavailable}, then 1012), and the JVM exits right after the
 * turn, without waiting out Quarkus's 10 s HTTP drain. The packaged service, in a JVM of its own.
 */
class SocketDrainIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private FakeOpenAiServer llm;
    private Process app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.destroyForcibly();
        }
        if (llm != null) {
            llm.stop();
        }
    }

    @Test
    void aStoppingReplicaFinishesTheTurnInFlightClosesEverySocketWith1012AndExitsAtOnce() throws Exception {
        CountDownLatch replyStreaming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        llm = FakeOpenAiServer.start().then(
                FakeOpenAiServer.reply("{\"statements\":[]}"), // the extraction: nothing to learn
                FakeOpenAiServer.streamWithPause("{\"act\":\"answer\",\"text\":\"Still ", () -> {
                    replyStreaming.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "here.\",\"picks\":[]}"));
        int port = freePort();
        Path log = Path.of(System.getProperty("concierge.app.dir", "target/quarkus-app")).resolveSibling("socket-drain-it.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=test,local", "-Dquarkus.http.port=" + port,
                "-jar", Path.of(System.getProperty("concierge.app.dir", "target/quarkus-app"), "quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CONCIERGE_LLM_ENABLED", "true");
        pb.environment().put("CONCIERGE_LLM_BASE_URL", llm.baseUrl());
        pb.environment().put("CONCIERGE_LLM_API_KEY", "test-key");
        app = pb.start();
        String base = "http://127.0.0.1:" + port;
        awaitReady(base);
        String token = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"drain-it\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("token").asText();

        ChatSocketTest.Client busy = connect(base, token);
        ChatSocketTest.Client idle = connect(base, token);
        busy.socket.sendText("{\"type\":\"user_message\",\"clientMessageId\":\"k1\",\"text\":\"Can you recommend a comedy?\"}", true)
                .get(5, TimeUnit.SECONDS);
        assertTrue(replyStreaming.await(20, TimeUnit.SECONDS), "the reply never started");
        JsonNode started = busy.next();
        assertEquals("turn_started", started.path("type").asText());

        app.destroy(); // SIGTERM
        assertEquals(1012, idle.closed.get(5, TimeUnit.SECONDS), "the idle socket is closed with 1012 at once");
        // a message that arrives once the stop began starts no turn: the client is told to reconnect and resend it
        ChatSocketTest.Client late = connect(base, token);
        late.socket.sendText("{\"type\":\"user_message\",\"clientMessageId\":\"k2\",\"text\":\"And a drama?\"}", true)
                .get(5, TimeUnit.SECONDS);
        JsonNode refused = late.next();
        assertEquals("error", refused.path("type").asText(), refused.toString());
        assertEquals("unavailable", refused.path("code").asText());
        assertEquals(1012, late.closed.get(5, TimeUnit.SECONDS));
        assertTrue(app.isAlive(), "the replica waits for the turn in flight");
        assertFalse(busy.closed.isDone(), "the busy socket stays open while its turn runs");

        long released = System.nanoTime();
        release.countDown();
        JsonNode f;
        do {
            f = busy.next();
        } while ("token".equals(f.path("type").asText()));
        assertEquals("turn", f.path("type").asText(), f.toString());
        assertEquals(started.path("messageId").asText(), f.path("turn").path("messageId").asText());
        assertEquals(2, llm.chatCount(), "the held reply answered the turn (extraction and reply, no retry); the late message made no call");
        assertEquals(1012, busy.closed.get(5, TimeUnit.SECONDS), "after its turn, the socket is closed with 1012");
        assertTrue(app.waitFor(5, TimeUnit.SECONDS), "the replica exits once its last turn is answered");
        long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
        String output = Files.readString(log);
        assertFalse(output.contains("Timed out waiting for graceful shutdown"), "Quarkus's HTTP drain waited its timeout");
        assertTrue(exitMs < 5000, "exit took " + exitMs + " ms after the last turn");
    }

    private static ChatSocketTest.Client connect(String base, String token) {
        ChatSocketTest.Client s = new ChatSocketTest.Client();
        s.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws/chat?access_token="
                + token), s).join();
        return s;
    }

    private void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(app.isAlive(), "the service exited at start");
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service was not ready within 90 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
