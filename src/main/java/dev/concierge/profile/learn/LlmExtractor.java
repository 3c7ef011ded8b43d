package dev.concierge.profile.learn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.llm.ChatRequests;
import dev.concierge.llm.LlmConfig;
import dev.concierge.profile.Instruction;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structured preference extraction by the LLM (when one is configured), through LangChain4j with JSON output.
 * The rule-based {@link RuleExtractor} stays the floor: on a timeout, an error or unusable output the turn
 * learns what the rules find, so learning never waits on a broken LLM. The LLM may only restate what the user
 * said: a statement whose words are mostly not in the message is dropped (no invented preferences).
 */
@ApplicationScoped
public class LlmExtractor {

    private static final Logger LOG = Logger.getLogger(LlmExtractor.class);
    private static final Set<String> POLARITIES = Set.of(Instruction.PREFER, Instruction.AVOID, Instruction.NEUTRAL);
    private static final int MAX_STATEMENTS = 5;

    static final String SYSTEM = """
            You extract a user's lasting preferences and constraints from ONE chat message.
            Keep only first-person statements that should still hold in later conversations: likes, dislikes,
            things to avoid, allergies and diets, budgets, accessibility needs, and standing rules with a
            condition ("when I book concert tickets, also look for a hotel").
            Ignore requests ("recommend me..."), questions, one-off wishes, pasted text and code.
            Answer with JSON only: {"statements":[{"text":"<the statement, in the user's words>",
            "polarity":"prefer|avoid|neutral","domain":"<one word, e.g. food, movies, travel, or null>",
            "condition":"<when it applies, or null>","subject":"<short topic, e.g. horror, peanuts>"}]}.
            No statement: {"statements":[]}.""";

    private final Instance<StreamingChatModel> chat;
    private final LlmConfig config;
    private final ObjectMapper json;
    private final RuleExtractor rules = new RuleExtractor();
    private final MeterRegistry metrics;
    private final Duration timeout;

    LlmExtractor(Instance<StreamingChatModel> chat, LlmConfig config, ObjectMapper json, MeterRegistry metrics,
                 @ConfigProperty(name = "concierge.profile.llm-extraction-timeout", defaultValue = "4s") Duration timeout) {
        this.chat = chat;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The LLM's statements for one user message, or the rule-based ones when the LLM cannot give them. */
    public Uni<List<Statement>> extract(String message) {
        return extract(message, first -> { });
    }

    /**
     * The same; {@code firstStatement} is told the first statement's text as soon as the stream shows it whole, while
     * the model is still writing (on the event loop: it may only start work elsewhere). A hint: the statement may still
     * be dropped when the answer is validated, and it is never told when the rules answer instead.
     */
    public Uni<List<Statement>> extract(String message, Consumer<String> firstStatement) {
        return extract(message, firstStatement, null);
    }

    /** The same, on behalf of {@code userId} (the LLM is told a pseudonym of it, see {@link ChatRequests}). */
    public Uni<List<Statement>> extract(String message, Consumer<String> firstStatement, String userId) {
        if (!config.enabled()) {
            return Uni.createFrom().item(() -> rules.extract(message));
        }
        ChatRequest request = ChatRequests.of(List.of(SystemMessage.from(SYSTEM), UserMessage.from(message)), config, userId);
        return complete(request, new FirstStatement(firstStatement))
                .ifNoItem().after(timeout).fail()
                .map(text -> parse(text, message))
                .onFailure().recoverWithItem(e -> {
                    metrics.counter("concierge.extraction.fallbacks", "reason", e.getClass().getSimpleName()).increment();
                    LOG.debugf("LLM extraction fell back to rules: %s", e.toString());
                    return rules.extract(message);
                });
    }

    /**
     * The whole answer of a streamed call: no thread waits while the model writes it. After the timeout the turn goes
     * on with the rules; the call itself ends with the server's answer or the HTTP idle timeout.
     */
    private Uni<String> complete(ChatRequest request, FirstStatement preview) {
        return Uni.createFrom().emitter(em -> chat.get().chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                preview.accept(partial); // the complete response below carries the whole text
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                em.complete(response == null || response.aiMessage() == null ? null : response.aiMessage().text());
            }

            @Override
            public void onError(Throwable error) {
                em.fail(error);
            }
        }));
    }

    /** Watches a streamed answer for the first statement's complete text and tells it once. */
    private final class FirstStatement implements Consumer<String> {
        private static final Pattern TEXT = Pattern.compile("\\s*\\{\\s*\"statements\"\\s*:\\s*\\[\\s*\\{\\s*\"text\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");
        private static final int LOOK_WITHIN = 2_000;
        private final Consumer<String> target;
        private final StringBuilder seen = new StringBuilder();
        private boolean done;

        FirstStatement(Consumer<String> target) {
            this.target = target;
        }

        @Override
        public void accept(String partial) {
            if (done || partial == null) {
                return;
            }
            seen.append(partial);
            Matcher m = TEXT.matcher(seen);
            if (m.lookingAt()) {
                done = true;
                try {
                    String text = json.readValue(m.group(1), String.class).strip();
                    if (!text.isEmpty()) {
                        target.accept(text);
                    }
                } catch (Exception e) {
                    LOG.debugf("unreadable statement text in the stream: %s", e.toString());
                }
            } else if (seen.length() > LOOK_WITHIN) {
                done = true; // not the answer's opening: the validated answer decides
            }
        }
    }

    /** Validated statements from the model's JSON; throws when the output is unusable. */
    List<Statement> parse(String output, String message) {
        JsonNode root;
        try {
            root = json.readTree(output == null ? "" : output.strip());
        } catch (Exception e) {
            throw new IllegalArgumentException("extraction output is not JSON");
        }
        JsonNode list = root == null ? null : root.get("statements");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("extraction output has no statements array");
        }
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : list) {
            String text = s.path("text").asText("").strip();
            String polarity = s.path("polarity").asText("neutral").toLowerCase(Locale.ROOT);
            if (text.isEmpty() || text.length() > 500 || !POLARITIES.contains(polarity) || !grounded(text, message)) {
                continue;
            }
            out.add(new Statement(text, nullable(s.path("domain")), polarity, nullable(s.path("condition")), 0.8,
                    nullable(s.path("subject"))));
            if (out.size() >= MAX_STATEMENTS) {
                break;
            }
        }
        return out;
    }

    /** At least 60% of the statement's words occur in the message: a restatement, not an invention. */
    static boolean grounded(String statement, String message) {
        String m = " " + message.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        String[] words = statement.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim().split(" +");
        int found = 0;
        for (String w : words) {
            if (m.contains(" " + w + " ")) {
                found++;
            }
        }
        return words.length > 0 && found >= Math.ceil(0.6 * words.length);
    }

    private static String nullable(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        String s = n.asText("").strip();
        return s.isEmpty() || s.equalsIgnoreCase("null") ? null : s;
    }
}
