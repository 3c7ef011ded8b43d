package dev.concierge.channel.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.dialogue.TurnEngine;
import dev.concierge.error.ApiException;
import dev.concierge.profile.ProfileConfig;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * The chat socket of the contract: JSON text frames, a turn streams as turn_started, token..., turn.
 * Thin by design: frames in, TurnEngine events out. Bad input answers an error frame and the socket stays open.
 * The user is the subject of the access_token checked at the upgrade, put in the connection's user data there
 * ({@link TokenUpgradeCheck}).
 */
@WebSocket(path = "/ws/chat")
public class ChatSocket {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class);

    private final TurnEngine engine;
    private final ObjectMapper json;
    private final ProfileConfig limits;
    private final SocketDrain drain;

    ChatSocket(TurnEngine engine, ObjectMapper json, ProfileConfig limits, SocketDrain drain) {
        this.engine = engine;
        this.json = json;
        this.limits = limits;
        this.drain = drain;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        drain.opened(connection);
    }

    @OnTextMessage
    Multi<String> message(String frame, WebSocketConnection connection) {
        String user = connection.userData().get(TokenUpgradeCheck.USER);
        JsonNode msg;
        try {
            msg = json.readTree(frame);
        } catch (Exception e) {
            return error("bad_frame", "Frame is not JSON");
        }
        if (msg == null || !msg.isObject() || !msg.path("type").isTextual()) {
            return error("bad_frame", "Frame must be a JSON object with a string field 'type'");
        }
        return switch (msg.get("type").asText()) {
            case "ping" -> Multi.createFrom().item(write(Map.of("type", "pong")));
            case "user_message" -> drain.turnStarts(connection)
                    ? userMessage(user, msg).onTermination().invoke(() -> drain.turnEnded(connection))
                    : restarting(connection);
            case "feedback" -> feedback(user, msg);
            default -> error("bad_frame", "Unknown frame type '" + msg.get("type").asText() + "'");
        };
    }

    private Multi<String> userMessage(String user, JsonNode msg) {
        String text = msg.path("text").isTextual() ? msg.get("text").asText() : null;
        String clientMessageId = msg.path("clientMessageId").isTextual() ? msg.get("clientMessageId").asText() : null;
        String conversationId = msg.path("conversationId").isTextual() ? msg.get("conversationId").asText() : null;
        if (text == null || text.isBlank()) {
            return error("bad_request", "text is required");
        }
        if (text.length() > limits.maxMessageChars()) {
            return error("too_large", "text is " + text.length() + " characters; the limit is " + limits.maxMessageChars());
        }
        if (clientMessageId != null && !clientMessageId.matches("[A-Za-z0-9._:-]{1,100}")) {
            return error("bad_request", "clientMessageId must be 1-100 characters of letters, digits and . _ : -");
        }
        Multi<TurnEngine.TurnEvent> turn = conversationId != null ? engine.turn(user, conversationId, text, clientMessageId)
                : engine.firstTurn(user, text, clientMessageId);
        return turn.map(this::frame)
                .onFailure().recoverWithItem(this::errorFrame);
    }

    private Multi<String> feedback(String user, JsonNode msg) {
        String cid = msg.path("conversationId").asText(null);
        String itemId = msg.path("itemId").asText(null);
        String verdict = msg.path("verdict").asText(null);
        String reason = msg.path("reason").isTextual() ? msg.get("reason").asText() : null;
        if (cid == null || itemId == null) {
            return error("bad_request", "conversationId and itemId are required");
        }
        if (verdict == null || !List.of("accept", "reject", "seen").contains(verdict)) {
            return error("bad_request", "verdict must be 'accept', 'reject' or 'seen'");
        }
        return engine.feedback(user, cid, itemId, verdict, reason)
                .map(v -> write(Map.of("type", "feedback_saved", "conversationId", cid, "itemId", itemId, "verdict", verdict)))
                .onFailure().recoverWithItem(this::errorFrame).toMulti();
    }

    private String frame(TurnEngine.TurnEvent e) {
        if (e instanceof TurnEngine.TurnEvent.Started s) {
            return write(Map.of("type", "turn_started", "conversationId", s.conversationId(), "messageId", s.messageId()));
        }
        if (e instanceof TurnEngine.TurnEvent.Token t) {
            return write(Map.of("type", "token", "text", t.text()));
        }
        return write(Map.of("type", "turn", "turn", ((TurnEngine.TurnEvent.Done) e).turn()));
    }

    private String errorFrame(Throwable t) {
        if (t instanceof ApiException api) {
            String code = switch (api.status()) {
                case 404 -> "not_found";
                case 409 -> "conflict";
                case 413 -> "too_large";
                case 429 -> "rate_limited";
                case 503 -> "unavailable";
                default -> "bad_request";
            };
            return write(Map.of("type", "error", "code", code, "message", api.getMessage()));
        }
        LOG.error("Turn failed on the socket", t);
        return write(Map.of("type", "error", "code", "internal", "message", "The turn failed; nothing was saved"));
    }

    /** The replica is stopping: no new turn here; the client reconnects (to another replica) and sends it again. */
    private Multi<String> restarting(WebSocketConnection connection) {
        return error("unavailable", "This server is restarting; reconnect and send the message again")
                .onTermination().invoke(() -> SocketDrain.close(connection));
    }

    private Multi<String> error(String code, String message) {
        return Multi.createFrom().item(write(Map.of("type", "error", "code", code, "message", message)));
    }

    private String write(Map<String, ?> frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
