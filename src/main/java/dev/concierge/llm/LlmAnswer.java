package dev.concierge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The model's answer, parsed from {@code {"act":"...","text":"...","picks":[{"itemId":"...","reason":"..."}]}}.
 * Parsing is strict about the shape (an object, a known act, a non-blank text string, picks an array of objects
 * with a string itemId) and lenient about wrapping (a code fence or words around the object are ignored).
 */
record LlmAnswer(String act, String text, List<Pick> picks) {

    private static final Set<String> ACTS = Set.of(ReplyRequest.CLARIFY, ReplyRequest.RECOMMEND, ReplyRequest.ANSWER);

    /** The answer, or empty when the output does not follow the schema. */
    static Optional<LlmAnswer> parse(String raw, ObjectMapper json) {
        if (raw == null) {
            return Optional.empty();
        }
        int start = raw.indexOf('{');
        int end = raw.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = json.readTree(raw.substring(start, end + 1));
        } catch (Exception e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode act = root.get("act");
        JsonNode text = root.get("text");
        if (act == null || !act.isTextual() || !ACTS.contains(act.asText()) || text == null || !text.isTextual()
                || text.asText().isBlank()) {
            return Optional.empty();
        }
        List<Pick> picks = new ArrayList<>();
        JsonNode ps = root.get("picks");
        if (ps != null && !ps.isNull()) {
            if (!ps.isArray()) {
                return Optional.empty();
            }
            for (JsonNode p : ps) {
                if (!p.isObject() || p.get("itemId") == null || !p.get("itemId").isValueNode()) {
                    return Optional.empty();
                }
                JsonNode reason = p.get("reason");
                picks.add(new Pick(p.get("itemId").asText(), reason == null || reason.isNull() ? "" : reason.asText()));
            }
        }
        return Optional.of(new LlmAnswer(act.asText(), text.asText(), picks));
    }
}
