package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;

/**
 * How the runner sends chat turns and feedback for one user: {@link Transport#REST}
 * ({@code POST .../messages}, {@code POST .../feedback}) or {@link Transport#WS} (the contract's
 * {@code /ws/chat?access_token=} socket: {@code user_message} -> {@code turn_started}, {@code token}*,
 * {@code turn}). Everything else (tokens, instructions, conversations, catalog) is REST in both.
 */
public interface Chat extends AutoCloseable {

    /** The transport of a run ({@code --transport rest|ws}). */
    enum Transport {
        REST, WS;

        public static Transport parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new EvalException("--transport must be rest or ws, got: " + s, EvalException.USAGE);
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One turn: the Turn JSON when {@code ok}, else a one-line description of the failure. */
    record Reply(boolean ok, JsonNode turn, String error) {
    }

    /** Sends one user message in an existing conversation and waits for the whole Turn. */
    Reply send(String conversationId, String text);

    /** Sends feedback on an item; false when the service refused it. */
    boolean feedback(String conversationId, String itemId, String verdict, String reason);

    @Override
    void close();

    /** A chat for {@code token} over {@code transport} (a WebSocket connects here). */
    static Chat open(Transport transport, Api api, String token) {
        return transport == Transport.WS ? WsChat.connect(api, token) : new RestChat(api, token);
    }

    /** REST: the Turn is the body of {@code POST /api/v1/conversations/{id}/messages}. */
    final class RestChat implements Chat {
        private final Api api;
        private final String token;

        RestChat(Api api, String token) {
            this.api = api;
            this.token = token;
        }

        @Override
        public Reply send(String conversationId, String text) {
            Api.Response r = api.call("POST", "/api/v1/conversations/" + conversationId + "/messages", Map.of("text", text), token);
            return r.ok() ? new Reply(true, r.body(), null) : new Reply(false, null, r.describe());
        }

        @Override
        public boolean feedback(String conversationId, String itemId, String verdict, String reason) {
            Map<String, Object> b = new java.util.LinkedHashMap<>();
            b.put("itemId", itemId);
            b.put("verdict", verdict);
            if (reason != null) {
                b.put("reason", reason);
            }
            return api.call("POST", "/api/v1/conversations/" + conversationId + "/feedback", b, token).ok();
        }

        @Override
        public void close() {
        }
    }
}
