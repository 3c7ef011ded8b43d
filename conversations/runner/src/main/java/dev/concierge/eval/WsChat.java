package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contract's chat socket with the JDK client: {@code ws(s)://BASE/ws/chat?access_token=TOKEN}
 * (browsers cannot send headers on a socket, so the token is a query parameter). One socket per
 * user, one turn at a time: {@link #send} writes a {@code user_message} frame with a fresh
 * {@code clientMessageId} and reads frames until the {@code turn} (or an {@code error}) frame.
 * A {@code rate_limited} error is retried up to 3 times after 2 s, as REST's 429.
 */
final class WsChat implements Chat, WebSocket.Listener {
    private static final JsonNode CLOSED = Api.JSON.createObjectNode().put("type", "_closed");
    private static final AtomicInteger MESSAGE_IDS = new AtomicInteger();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final Duration timeout;
    private final String where;
    private WebSocket socket;

    private WsChat(Duration timeout, String where) {
        this.timeout = timeout;
        this.where = where;
    }

    static URI uri(String base, String token) {
        String ws = base.startsWith("https://") ? "wss://" + base.substring(8)
            : base.startsWith("http://") ? "ws://" + base.substring(7) : base;
        return URI.create(ws + "/ws/chat?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    static WsChat connect(Api api, String token) {
        URI u = uri(api.base(), token);
        String where = api.base() + "/ws/chat";
        WsChat c = new WsChat(api.timeout(), where);
        try {
            c.socket = api.client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(u, c).get(api.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new EvalException("cannot open the chat socket " + where + ": " + cause
                + " - is the service running? (--base URL)", EvalException.HTTP);
        } catch (TimeoutException e) {
            throw new EvalException("cannot open the chat socket " + where + ": timed out", EvalException.HTTP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted", EvalException.HTTP);
        }
        return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String s = partial.toString();
            partial.setLength(0);
            try {
                frames.add(Api.JSON.readTree(s));
            } catch (IOException e) {
                frames.add(Api.JSON.createObjectNode().put("type", "_bad").put("text", s));
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        frames.add(((ObjectNode) CLOSED.deepCopy()).put("status", status).put("reason", reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        frames.add(((ObjectNode) CLOSED.deepCopy()).put("status", -1).put("reason", String.valueOf(error)));
    }

    private void write(Map<String, Object> frame) {
        if (Parallel.ABORTED.get()) {
            throw new EvalException("aborted after an earlier failure", EvalException.HTTP);
        }
        try {
            socket.sendText(Api.JSON.writeValueAsString(frame), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new EvalException("chat socket " + where + ": send failed: " + e, EvalException.HTTP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted", EvalException.HTTP);
        }
    }

    /** The next frame, or an EvalException when none comes within the timeout or the socket closed. */
    private JsonNode next(long deadline) {
        try {
            long left = deadline - System.nanoTime();
            JsonNode f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new EvalException("chat socket " + where + ": no answer within " + timeout.toSeconds() + " s", EvalException.HTTP);
            }
            if ("_closed".equals(f.path("type").asText())) {
                throw new EvalException("chat socket " + where + " closed: " + f.path("status").asInt() + " "
                    + f.path("reason").asText(), EvalException.HTTP);
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted", EvalException.HTTP);
        }
    }

    @Override
    public Reply send(String conversationId, String text) {
        String clientMessageId = "eval-" + MESSAGE_IDS.incrementAndGet();
        for (int attempt = 0; ; attempt++) {
            write(Map.of("type", "user_message", "conversationId", conversationId, "clientMessageId", clientMessageId, "text", text));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                JsonNode f = next(deadline);
                String type = f.path("type").asText();
                if (type.equals("turn")) {
                    return new Reply(true, f.path("turn"), null);
                } else if (type.equals("error")) {
                    if ("rate_limited".equals(f.path("code").asText()) && attempt < 3) {
                        Api.sleep(2000);
                        break;
                    }
                    return new Reply(false, null, "socket error " + f.path("code").asText() + ": " + f.path("message").asText());
                } else if (type.equals("_bad")) {
                    return new Reply(false, null, "socket frame is not JSON: " + f.path("text").asText());
                }
                // turn_started, token (the streamed text; the turn frame carries all of it), pong: nothing to do
            }
        }
    }

    @Override
    public boolean feedback(String conversationId, String itemId, String verdict, String reason) {
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        frame.put("type", "feedback");
        frame.put("conversationId", conversationId);
        frame.put("itemId", itemId);
        frame.put("verdict", verdict);
        if (reason != null) {
            frame.put("reason", reason);
        }
        write(frame);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode f = next(deadline);
            String type = f.path("type").asText();
            if (type.equals("feedback_saved")) {
                return true;
            }
            if (type.equals("error")) {
                Progress.warn("feedback over the socket: " + f.path("code").asText() + ": " + f.path("message").asText());
                return false;
            }
        }
    }


    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort
        } finally {
            socket.abort();
        }
    }
}
