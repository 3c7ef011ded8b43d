package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pure parts of the benchmark protocol, ported line by line from shared/tools/contract_client.py.
 * Nothing here does I/O, so all of it is unit-tested.
 */
public final class Protocol {
    private Protocol() {
    }

    /** Messages of filtered_inter_turns.json are cut to this many characters (code points, as Python). */
    public static final int MAX_MESSAGE_CHARS = 3900;
    /** B1 sends the transcript to /extract in chunks of this many messages. */
    public static final int EXTRACT_CHUNK = 40;
    /** Seed of the documented record/turn shuffle (Python's {@code random.Random(7).shuffle}, as the reference client). */
    public static final long SHUFFLE_SEED = 7;
    /** Seed of the B2 distractor-preference choice (Python's {@code random.Random(13).choice}, consumed in sample order). */
    public static final long B2_CHOICE_SEED = 13;
    /** The first seeker message of every B3 conversation. */
    public static final String B3_OPENING = "Can you recommend a movie?";
    public static final String DONT_MIND = "I don't mind.";

    /** A chat message as the API takes it: {@code {role, text}}. */
    public record Message(String role, String text) {
    }

    /**
     * The documented sample: shuffle a copy as the reference client does ({@code random.Random(7).shuffle}), then
     * keep the first {@code limit} (all when {@code limit < 0}).
     */
    public static <T> List<T> shuffledPrefix(List<T> items, int limit) {
        List<T> copy = new ArrayList<>(items);
        new PyRandom(SHUFFLE_SEED).shuffle(copy);
        return limit < 0 || limit >= copy.size() ? copy : new ArrayList<>(copy.subList(0, limit));
    }

    /** Python's {@code text[:n]}: the first n code points. */
    public static String truncateCodePoints(String text, int n) {
        if (text.codePointCount(0, text.length()) <= n) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, n));
    }

    /**
     * Port of {@code inter_turns}: every user/assistant message with a non-empty text (content, else
     * text), cut to 3900 characters, in file order; then pairs of a user message immediately followed
     * by an assistant message (a user message without such a successor is skipped).
     *
     * @param convs the parsed filtered_inter_turns.json (a list of conversations)
     */
    public static List<List<Message>> interTurns(JsonNode convs) {
        List<Message> msgs = new ArrayList<>();
        for (JsonNode c : convs) {
            JsonNode conv = c.isObject() && c.has("conversation") ? c.get("conversation") : c;
            if (conv == null || !conv.isArray()) {
                continue;
            }
            for (JsonNode m : conv) {
                if (!m.isObject()) {
                    continue;
                }
                String role = m.path("role").isTextual() ? m.get("role").asText() : null;
                String text = pyOr(m.get("content"), m.get("text"));
                if (("user".equals(role) || "assistant".equals(role)) && !text.isEmpty()) {
                    msgs.add(new Message(role, truncateCodePoints(text, MAX_MESSAGE_CHARS)));
                }
            }
        }
        List<List<Message>> pairs = new ArrayList<>();
        int i = 0;
        while (i + 1 < msgs.size()) {
            if (msgs.get(i).role().equals("user") && msgs.get(i + 1).role().equals("assistant")) {
                pairs.add(List.of(msgs.get(i), msgs.get(i + 1)));
                i += 2;
            } else {
                i += 1;
            }
        }
        return pairs;
    }

    /** {@code a or b or ""} for string-valued JSON nodes. */
    private static String pyOr(JsonNode a, JsonNode b) {
        if (a != null && a.isTextual() && !a.asText().isEmpty()) {
            return a.asText();
        }
        if (b != null && b.isTextual() && !b.asText().isEmpty()) {
            return b.asText();
        }
        return "";
    }

    /** The B1 transcript: the preference, "Noted.", then the first n distractor pairs. */
    public static List<Message> b1Transcript(String preference, List<List<Message>> pairs, int n) {
        List<Message> msgs = new ArrayList<>();
        msgs.add(new Message("user", preference));
        msgs.add(new Message("assistant", "Noted."));
        for (List<Message> p : pairs.subList(0, Math.min(n, pairs.size()))) {
            msgs.addAll(p);
        }
        return msgs;
    }

    /** Consecutive chunks of at most {@code size} elements. */
    public static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int start = 0; start < list.size(); start += size) {
            out.add(list.subList(start, Math.min(list.size(), start + size)));
        }
        return out;
    }

    /**
     * Port of {@code history_of}: context index i is "user" (seeker) when even, "assistant" when odd;
     * empty utterances are dropped after the role is decided.
     */
    public static List<Message> historyOf(List<String> context) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < context.size(); i++) {
            String x = context.get(i);
            if (x != null && !x.isEmpty()) {
                out.add(new Message(i % 2 == 0 ? "user" : "assistant", x));
            }
        }
        return out;
    }

    /**
     * Port of {@code attr_answer}: the simulated seeker's reply to a clarification about
     * {@code attribute}. genre -> genres; star/actor/cast -> stars; director -> directors (checked in
     * that order, case-insensitive substring); answer "I like v1, v2, v3." with the first three distinct
     * values across the gold items in order; anything else, or no value, "I don't mind.".
     *
     * @param goldInfos movies.jsonl records of the gold items that are in the catalog
     */
    public static String attrAnswer(String attribute, List<JsonNode> goldInfos) {
        String a = attribute == null ? "" : attribute.toLowerCase(Locale.ROOT);
        String key = a.contains("genre") ? "genres"
                : (a.contains("star") || a.contains("actor") || a.contains("cast")) ? "stars"
                : a.contains("director") ? "directors" : null;
        if (key == null) {
            return DONT_MIND;
        }
        Set<String> vals = new LinkedHashSet<>();
        for (JsonNode g : goldInfos) {
            JsonNode arr = g.get(key);
            if (arr != null && arr.isArray()) {
                for (JsonNode v : arr) {
                    vals.add(v.asText());
                }
            }
        }
        if (vals.isEmpty()) {
            return DONT_MIND;
        }
        return "I like " + String.join(", ", vals.stream().limit(3).toList()) + ".";
    }

    /**
     * B4's gold: the turn's rec items that do not occur (as a substring) in the context joined by
     * spaces, exactly as {@code g in " ".join(row["context"])}.
     */
    public static List<String> b4Gold(List<String> rec, List<String> context) {
        String joined = String.join(" ", context);
        return rec.stream().filter(g -> !joined.contains(g)).toList();
    }

    /** Python's {@code str(x)} of a JSON scalar as the benchmark compares it ("0", "None", ...). */
    public static String pyStr(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "None";
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "True" : "False";
        }
        return node.asText();
    }
}
