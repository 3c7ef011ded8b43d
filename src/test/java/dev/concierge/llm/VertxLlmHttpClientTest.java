package dev.concierge.llm;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link VertxLlmHttpClient} against a real HTTP server: the request body arrives as its UTF-8, and a text/event-stream
 * is cut into events from the bytes the server writes in awkward pieces: a line split across writes (inside a UTF-8
 * character too), CRLF and LF line ends, comments, fields it ignores, an event type, data over two lines, and a last
 * event the server ends without a blank line.
 */
class VertxLlmHttpClientTest {

    static Vertx vertx;
    static HttpServer server;
    static VertxLlmHttpClient.Pools pools;
    static volatile List<byte[]> pieces;
    static volatile byte[] received;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received = body.getBytes();
            req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            write(req.response(), pieces, 0);
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pools = new VertxLlmHttpClient.Pools(vertx, Duration.ofSeconds(5), 2);
    }

    /** One piece per write, each a timer tick after the last, so the client reads them as separate chunks. */
    private static void write(io.vertx.core.http.HttpServerResponse resp, List<byte[]> rest, int i) {
        if (i == rest.size()) {
            resp.end();
            return;
        }
        resp.write(Buffer.buffer(rest.get(i))).onComplete(w -> vertx.setTimer(5, t -> write(resp, rest, i + 1)));
    }

    @AfterAll
    static void stop() throws Exception {
        pools.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eventsAreCutFromAwkwardPieces() throws Exception {
        byte[] stream = (": keep-alive\r\n"
                + "id: 7\r\n"
                + "data: {\"content\":\"caf\u00e9\"}\r\n"
                + "\r\n"
                + "event: error\n"
                + "data: first line\n"
                + "data:second line\n"
                + "retry: 100\n"
                + "\n"
                + "data\n"
                + "\n"
                + "data: [DONE]").getBytes(StandardCharsets.UTF_8);
        int e = indexOf(stream, (byte) 0xC3); // the first byte of "é": the piece ends inside the character
        int crlf = indexOf(stream, (byte) '\r') + 1; // between a CR and its LF
        pieces = List.of(Arrays.copyOfRange(stream, 0, crlf), Arrays.copyOfRange(stream, crlf, e + 1),
                Arrays.copyOfRange(stream, e + 1, e + 9), Arrays.copyOfRange(stream, e + 9, stream.length));

        List<String> events = read();

        assertEquals(List.of("null|{\"content\":\"caf\u00e9\"}", "error|first line\nsecond line", "null|",
                "null|[DONE]", "closed"), events);
    }

    @Test
    void aStreamInOnePieceGivesTheSameEvents() throws Exception {
        pieces = List.of("data: a\n\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("null|a", "null|b", "closed"), read());
    }

    @Test
    void theRequestBodyArrivesAsItsUtf8() throws Exception {
        pieces = List.of("data: ok\n\n".getBytes(StandardCharsets.UTF_8));
        String body = "{\"content\":\"Am\u00e9lie \u2014 \ud83c\udfac caf\u00e9\"}";
        assertEquals(List.of("null|ok", "closed"), read(body));
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), received);
    }

    private static List<String> read() throws Exception {
        return read("{}");
    }

    private static List<String> read(String body) throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        HttpRequest request = HttpRequest.builder().method(HttpMethod.POST)
                .url("http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions").body(body).build();
        new VertxLlmHttpClient(pools, Duration.ofSeconds(5)).execute(request, null, new ServerSentEventListener() {
            @Override
            public void onOpen(SuccessfulHttpResponse response) {
            }

            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                got.add(event.event() + "|" + event.data());
            }

            @Override
            public void onEvent(ServerSentEvent event) {
                got.add(event.event() + "|" + event.data());
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onClose() {
                got.add("closed");
                done.complete(got);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
