package dev.concierge.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket frame protocol of the contract, with the JDK's own client. */
@QuarkusTest
class ChatSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/ws/chat")
    URI chat;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /** A connected client that queues every text frame it receives, and the close code once the server closes. */
    static class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws InterruptedException {
            JsonNode f = frames.poll(30, TimeUnit.SECONDS);
            assertNotNull(f, "no frame within 30 s");
            return f;
        }

        void send(Object frame) throws Exception {
            socket.sendText(JSON.writeValueAsString(frame), true).get(10, TimeUnit.SECONDS);
        }

        /** Frames of one turn: turn_started, tokens, turn. */
        List<JsonNode> turn() throws InterruptedException {
            List<JsonNode> out = new ArrayList<>();
            JsonNode f;
            do {
                f = next();
                out.add(f);
            } while (!"turn".equals(f.path("type").asText()) && !"error".equals(f.path("type").asText()));
            return out;
        }
    }

    private Client connect(String token) {
        Client c = new Client();
        URI uri = URI.create(chat.toString().replaceFirst("^http", "ws") + "?access_token=" + token);
        c.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).join();
        return c;
    }

    @Test
    void theSocketNegotiatesNoFrameCompression() throws Exception {
        // a client offering both deflate extensions (as Gatling's and older browsers do) gets neither
        try (java.net.Socket s = new java.net.Socket(chat.getHost(), chat.getPort())) {
            String req = "GET " + chat.getPath() + "?access_token=" + Tokens.tokenFor(Tokens.freshUser("ws")) + " HTTP/1.1\r\n"
                    + "Host: " + chat.getHost() + ":" + chat.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, deflate-frame, x-webkit-deflate-frame\r\n\r\n";
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.setSoTimeout(5000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            List<String> head = new java.util.ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            assertTrue(head.get(0).contains(" 101 "), "upgrade refused: " + head);
            assertFalse(head.stream().anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-extensions")),
                    "an extension was negotiated: " + head);
        }
    }

    @Test
    void aTurnStreamsStartedTokensAndTheTurn() throws Exception {
        Client c = connect(Tokens.tokenFor(Tokens.freshUser("ws")));
        c.send(java.util.Map.of("type", "user_message", "clientMessageId", "m1", "text", "Recommend a comedy with Jim Carrey"));
        List<JsonNode> frames = c.turn();
        assertEquals("turn_started", frames.get(0).path("type").asText());
        String cid = frames.get(0).path("conversationId").asText();
        assertFalse(cid.isEmpty());
        long tokens = frames.stream().filter(f -> "token".equals(f.path("type").asText())).count();
        assertTrue(tokens >= 2, "several token frames: " + frames);
        JsonNode turn = frames.get(frames.size() - 1).path("turn");
        StringBuilder streamed = new StringBuilder();
        frames.stream().filter(f -> "token".equals(f.path("type").asText())).forEach(f -> streamed.append(f.path("text").asText()));
        assertEquals(turn.path("text").asText(), streamed.toString());
        assertEquals(cid, turn.path("conversationId").asText());

        c.send(java.util.Map.of("type", "ping"));
        assertEquals("pong", c.next().path("type").asText());
    }

    @Test
    void aFirstTurnWaitsForItsConversationToBeStored() throws Exception {
        String user = Tokens.freshUser("wsslowrow");
        // this user's conversation row takes longer to insert than a whole offline turn takes: a turn that did not wait
        // for it would append its messages before their conversation exists, and fail on the foreign key
        String trigger = "slow_conversation_" + user.replace('-', '_');
        pool.query("CREATE FUNCTION " + trigger + "() RETURNS trigger AS $$ BEGIN"
                + " IF NEW.user_id = '" + user + "' THEN PERFORM pg_sleep(0.5); END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
                .execute().await().atMost(java.time.Duration.ofSeconds(10));
        pool.query("CREATE TRIGGER " + trigger + " BEFORE INSERT ON conversation FOR EACH ROW EXECUTE FUNCTION " + trigger + "()")
                .execute().await().atMost(java.time.Duration.ofSeconds(10));
        try {
            String token = Tokens.tokenFor(user);
            Client c = connect(token);
            long start = System.nanoTime();
            c.send(java.util.Map.of("type", "user_message", "clientMessageId", "s1", "text", "Recommend a comedy with Jim Carrey"));
            List<JsonNode> frames = c.turn();
            JsonNode last = frames.get(frames.size() - 1);
            assertEquals("turn", last.path("type").asText(), "the turn, not an error: " + frames);
            assertTrue(System.nanoTime() - start >= 500_000_000L, "the turn ended after its conversation's slow insert");
            String cid = last.path("turn").path("conversationId").asText();
            JsonNode messages = JSON.readTree(io.restassured.RestAssured.given().header("Authorization", "Bearer " + token)
                    .when().get("/api/v1/conversations/" + cid + "/messages").asString());
            assertEquals(2, messages.size(), "the turn's two messages, in the conversation it created: " + messages);
        } finally {
            pool.query("DROP TRIGGER IF EXISTS " + trigger + " ON conversation").execute().await().atMost(java.time.Duration.ofSeconds(10));
            pool.query("DROP FUNCTION IF EXISTS " + trigger + "()").execute().await().atMost(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void aBadTokenGetsNoSocket() {
        CompletionException e = assertThrows(CompletionException.class, () -> connect("not-a-token"));
        assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, e.toString());
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void malformedAndOversizedFramesGetAnErrorAndTheSocketStaysOpen() throws Exception {
        Client c = connect(Tokens.tokenFor(Tokens.freshUser("wsbad")));
        c.socket.sendText("{not json", true).get(5, TimeUnit.SECONDS);
        JsonNode err = c.next();
        assertEquals("error", err.path("type").asText());
        assertEquals("bad_frame", err.path("code").asText());
        c.send(java.util.Map.of("type", "user_message", "clientMessageId", "big", "text", "x".repeat(4001)));
        JsonNode big = c.next();
        assertEquals("too_large", big.path("code").asText());
        c.send(java.util.Map.of("type", "ping"));
        assertEquals("pong", c.next().path("type").asText());
    }

    @Test
    void reconnectingWithTheConversationIdContinuesIt() throws Exception {
        String token = Tokens.tokenFor(Tokens.freshUser("wsresume"));
        Client first = connect(token);
        first.send(java.util.Map.of("type", "user_message", "clientMessageId", "a", "text", "I want a movie with Jack Nicholson"));
        String cid = first.turn().get(0).path("conversationId").asText();
        first.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

        Client second = connect(token);
        second.send(java.util.Map.of("type", "user_message", "conversationId", cid, "clientMessageId", "b", "text", "Something scary"));
        List<JsonNode> frames = second.turn();
        assertEquals(cid, frames.get(0).path("conversationId").asText());
        JsonNode messages = JSON.readTree(io.restassured.RestAssured.given().header("Authorization", "Bearer " + token)
                .when().get("/api/v1/conversations/" + cid + "/messages").asString());
        assertEquals(4, messages.size(), "both turns in one transcript");
    }

    @Test
    void eachSocketActsAsItsOwnTokensUser() throws Exception {
        String ownerToken = Tokens.tokenFor(Tokens.freshUser("wsowner"));
        Client owner = connect(ownerToken);
        Client other = connect(Tokens.tokenFor(Tokens.freshUser("wsother")));
        owner.send(java.util.Map.of("type", "user_message", "clientMessageId", "o1", "text", "I want a movie with Jack Nicholson"));
        String cid = owner.turn().get(0).path("conversationId").asText();

        other.send(java.util.Map.of("type", "user_message", "conversationId", cid, "clientMessageId", "x1", "text", "Something scary"));
        JsonNode err = other.next();
        assertEquals("error", err.path("type").asText(), "another user's socket cannot continue the conversation: " + err);
        assertEquals("not_found", err.path("code").asText());
        owner.send(java.util.Map.of("type", "user_message", "conversationId", cid, "clientMessageId", "o2", "text", "Something scary"));
        assertEquals(cid, owner.turn().get(0).path("conversationId").asText(), "its owner's socket still can");
    }

    @Test
    void aStalledClientDoesNotSlowAnotherOne() throws Exception {
        // the stalled client never reads: it requests no frames after the first
        Client stalled = new Client() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                return new CompletableFuture<>(); // never completes: back-pressure, nothing more is read
            }
        };
        URI uri = URI.create(chat.toString().replaceFirst("^http", "ws") + "?access_token=" + Tokens.tokenFor(Tokens.freshUser("stall")));
        stalled.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, stalled).join();
        for (int i = 0; i < 5; i++) {
            stalled.send(java.util.Map.of("type", "user_message", "clientMessageId", "s" + i, "text", "Recommend a comedy"));
        }
        Client healthy = connect(Tokens.tokenFor(Tokens.freshUser("healthy")));
        long t0 = System.nanoTime();
        healthy.send(java.util.Map.of("type", "user_message", "clientMessageId", "h", "text", "Recommend a comedy"));
        List<JsonNode> frames = healthy.turn();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("turn", frames.get(frames.size() - 1).path("type").asText());
        assertTrue(ms < 5_000, "a healthy client's turn took " + ms + " ms beside a stalled one");
    }
}
