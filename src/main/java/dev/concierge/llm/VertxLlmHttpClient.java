package dev.concierge.llm;

import dev.concierge.platform.PerEventLoop;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * LangChain4j's HTTP transport ({@link dev.langchain4j.http.client.HttpClient}) on the service's own Vert.x: the
 * OpenAI model of LangChain4j builds the requests and reads the answers, this only moves the bytes.
 * <p>
 * Why not the transport quarkus-langchain4j brings (its RESTEasy Reactive client): on the wire it took ~3 ms from the
 * call to the request leaving, ~2 ms to hand back a finished answer, and it opened a new connection for every
 * streamed reply (load-tests/README.md, hot spot 8). Here a stream's events are cut from the bytes as they arrive,
 * on the event loop, and the connection goes back to a keep-alive pool that is as large as configured.
 */
final class VertxLlmHttpClient implements dev.langchain4j.http.client.HttpClient {

    private final Pools pools;
    private final Duration readTimeout;

    VertxLlmHttpClient(Pools pools, Duration readTimeout) {
        this.pools = pools;
        this.readTimeout = readTimeout;
    }

    /**
     * Keep-alive connections to the LLM server, a pool per event loop. A pooled connection belongs to the event loop
     * that opened it, and a call made on another loop has every chunk of its answer handed over to its own loop: with
     * one shared pool that was most calls (four loops), a thread wake-up per chunk. A call made off the event loops
     * (the blocking repair, tests) uses a pool of its own.
     */
    static final class Pools {
        private final PerEventLoop<HttpClient> clients;

        Pools(Vertx vertx, Duration connectTimeout, int maxConnectionsPerLoop) {
            HttpClientOptions options = new HttpClientOptions()
                    .setKeepAlive(true)
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                    .setKeepAliveTimeout(60)
                    .setTryUseCompression(false);
            PoolOptions poolOptions = new PoolOptions().setHttp1MaxSize(maxConnectionsPerLoop).setMaxWaitQueueSize(-1);
            this.clients = new PerEventLoop<>(loop -> vertx.createHttpClient(options, poolOptions),
                    vertx.createHttpClient(options, poolOptions));
        }

        /** The pool of the calling event loop, or the off-loop pool. */
        HttpClient current() {
            return clients.current();
        }

        void close() {
            clients.all().forEach(HttpClient::close);
        }
    }

    /** A blocking call (the non-streamed repair): never on an event loop, which must not wait. */
    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking LLM call on an event loop thread");
        }
        try {
            return send(request).compose(resp -> resp.body().map(body -> {
                if (resp.statusCode() / 100 != 2) {
                    throw new HttpException(resp.statusCode(), body.toString(StandardCharsets.UTF_8));
                }
                return SuccessfulHttpResponse.builder().statusCode(resp.statusCode()).headers(headers(resp.headers()))
                        .body(body.toString(StandardCharsets.UTF_8)).build();
            })).toCompletionStage().toCompletableFuture().get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the LLM", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no LLM answer within " + readTimeout, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * A streamed call: each server-sent event goes to the listener as soon as its blank line arrives. The response's
     * data handler is set in the request's own response callback, in the same event-loop task as the response's head:
     * set in a callback of the {@code send()} future, it could come a task later than the first chunk, which Vert.x
     * then dropped (seen in tests whose calls come from off the event loops: the answer lost its first event).
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser ignored, ServerSentEventListener listener) {
        Stream stream = new Stream(listener);
        pools.current().request(options(request)).onComplete(created -> {
            if (created.failed()) {
                stream.fail(created.cause());
                return;
            }
            HttpClientRequest req = created.result();
            req.response(ar -> {
                if (ar.failed()) {
                    stream.fail(ar.cause());
                    return;
                }
                HttpClientResponse resp = ar.result();
                stream.response = resp;
                if (resp.statusCode() / 100 != 2) {
                    resp.body().onComplete(b -> stream.fail(new HttpException(resp.statusCode(),
                            b.succeeded() ? b.result().toString(StandardCharsets.UTF_8) : "HTTP " + resp.statusCode())));
                    return;
                }
                resp.handler(stream::bytes);
                resp.exceptionHandler(stream::fail);
                resp.endHandler(v -> stream.end());
                listener.onOpen(SuccessfulHttpResponse.builder().statusCode(resp.statusCode())
                        .headers(headers(resp.headers())).build());
            });
            Buffer body = body(request);
            (body == null ? req.end() : req.end(body)).onFailure(stream::fail);
        });
    }

    private Future<HttpClientResponse> send(HttpRequest request) {
        Buffer body = body(request);
        return pools.current().request(options(request)).compose(req -> body == null ? req.send() : req.send(body));
    }

    private RequestOptions options(HttpRequest request) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method().name()))
                .setAbsoluteURI(request.url())
                .setIdleTimeout(readTimeout.toMillis());
        request.headers().forEach((name, values) -> values.forEach(v -> options.addHeader(name, v)));
        return options;
    }

    /**
     * The body's UTF-8 in one array of its exact length, written once. Buffer.buffer(String) encoded it to a
     * temporary array (for a prompt with any character beyond Latin-1, first one of 3 bytes a character) and copied
     * that again: ~3.5% of what a turn allocated.
     */
    private static Buffer body(HttpRequest request) {
        String body = request.body();
        if (body == null) {
            return null;
        }
        int length = ByteBufUtil.utf8Bytes(body);
        ByteBuf bytes = Unpooled.buffer(length);
        // the exact length reserved: writeUtf8(buf, seq) reserves 3 bytes a character and grows the buffer to that
        ByteBufUtil.reserveAndWriteUtf8(bytes, body, length);
        return Buffer.buffer(bytes);
    }

    private static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach(h -> out.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        return out;
    }

    /**
     * Cuts server-sent events (text/event-stream: "field: value" lines, a blank line ends an event) from the
     * response bytes; only the "event" and "data" fields matter to the OpenAI protocol. A field's value is decoded
     * straight from the bytes, once: an OpenAI stream is one data line per event, ~35 events a turn, and a String for
     * the line, another for its value and a builder's copy were ~4% of what a turn allocated.
     */
    private static final class Stream implements ServerSentEventParsingHandle {
        private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
        private final ServerSentEventListener listener;
        private final ServerSentEventContext context = new ServerSentEventContext(this);
        private Buffer pending = Buffer.buffer();
        private String event;
        private String data;            // the event's data when it has one line, as OpenAI's have
        private StringBuilder dataLines; // more than one: joined with '\n'
        private volatile boolean done; // cancel() may come from another thread
        private volatile boolean cancelled;
        volatile HttpClientResponse response;

        Stream(ServerSentEventListener listener) {
            this.listener = listener;
        }

        void bytes(Buffer chunk) {
            if (done) {
                return;
            }
            Buffer buf = pending.length() == 0 ? chunk : pending.appendBuffer(chunk);
            ByteBuf bytes = buf.getByteBuf(); // Netty's scan for the line ends, not a bounds-checked read per byte
            int start = bytes.readerIndex();
            int n = bytes.writerIndex();
            for (int i; start < n && !done && (i = bytes.forEachByte(start, n - start, ByteProcessor.FIND_LF)) >= 0; ) {
                line(bytes, start, i > start && bytes.getByte(i - 1) == '\r' ? i - 1 : i);
                start = i + 1;
            }
            pending = start == n ? Buffer.buffer() : Buffer.buffer(bytes.copy(start, n - start));
        }

        /** The line in {@code bytes[start, end)}, its line end excluded. */
        private void line(ByteBuf bytes, int start, int end) {
            if (start == end) {
                dispatch();
                return;
            }
            if (bytes.getByte(start) == ':') {
                return; // a comment (keep-alive)
            }
            int colon = bytes.indexOf(start, end, (byte) ':');
            int nameEnd = colon < 0 ? end : colon;
            int from = colon < 0 ? end : colon + 1 < end && bytes.getByte(colon + 1) == ' ' ? colon + 2 : colon + 1;
            if (named(bytes, start, nameEnd, DATA)) {
                String value = bytes.toString(from, end - from, StandardCharsets.UTF_8);
                if (data == null) {
                    data = value;
                } else {
                    (dataLines == null ? dataLines = new StringBuilder(data) : dataLines).append('\n').append(value);
                }
            } else if (named(bytes, start, nameEnd, EVENT)) {
                event = bytes.toString(from, end - from, StandardCharsets.UTF_8);
            }
        }

        private static boolean named(ByteBuf bytes, int start, int end, byte[] name) {
            if (end - start != name.length) {
                return false;
            }
            for (int k = 0; k < name.length; k++) {
                if (bytes.getByte(start + k) != name[k]) {
                    return false;
                }
            }
            return true;
        }

        /** A blank line: the event gathered so far, if it has data, goes to the listener. */
        private void dispatch() {
            if (data != null) {
                ServerSentEvent e = new ServerSentEvent(event, dataLines == null ? data : dataLines.toString());
                event = null;
                data = null;
                dataLines = null;
                listener.onEvent(e, context);
            }
        }

        void end() {
            if (!done) {
                if (pending.length() > 0) { // a last line the server did not end
                    ByteBuf rest = pending.getByteBuf();
                    line(rest, rest.readerIndex(), rest.writerIndex());
                }
                dispatch(); // an event the server did not end with a blank line
                done = true;
                listener.onClose();
            }
        }

        void fail(Throwable t) {
            if (!done) {
                done = true;
                listener.onError(t);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            done = true;
            HttpClientResponse r = response;
            if (r != null) {
                r.request().reset(); // drop the stream; the connection is not reused mid-answer
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    /** What LangChain4j's model builders take; timeouts come from the model's builder, the pool from the service. */
    static final class Builder implements HttpClientBuilder {
        private final Pools pools;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(60);

        Builder(Pools pools) {
            this.pools = pools;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            if (timeout != null) {
                this.connectTimeout = timeout;
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            if (timeout != null) {
                this.readTimeout = timeout;
            }
            return this;
        }

        @Override
        public dev.langchain4j.http.client.HttpClient build() {
            return new VertxLlmHttpClient(pools, readTimeout);
        }
    }
}
