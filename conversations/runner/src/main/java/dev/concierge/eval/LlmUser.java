package dev.concierge.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The simulated user played by an LLM ({@code --user-llm-url}). Every reply starts as the rule-based
 * {@link SimUser}'s answer (so the rule-based user's choices stay the same whether or not an LLM is used);
 * the LLM is then asked for the same move in its own words, prompted with the persona and the hidden
 * target's <em>attributes</em> (genres, people, years), never a title. The reply is checked before it is
 * sent: if it names a title of a catalog film that matches the target ({@code targetTitles}), is empty,
 * too long, or the LLM call failed, the rule-based answer is sent instead and the fallback is counted.
 * Deterministic for a seed as far as the server is: temperature 0 and a per-turn seed in every request.
 */
public final class LlmUser {
    static final int MAX_CHARS = 400;

    private final UserLlm llm;
    private final SimUser rule;
    private final Scenario scenario;
    private final List<String> forbidden;
    private final long seed;
    private int turn;
    int replies;
    int tokens;
    final List<String> fallbacks = new ArrayList<>();

    public LlmUser(UserLlm llm, SimUser rule, Scenario scenario, Collection<String> targetTitles, long seed) {
        this.llm = llm;
        this.rule = rule;
        this.scenario = scenario;
        this.seed = seed;
        List<String> f = new ArrayList<>();
        for (String t : targetTitles) {
            String n = norm(stripYear(t));
            if (n.trim().length() >= 3 && !f.contains(n)) {
                f.add(n);
            }
        }
        this.forbidden = f;
    }

    /** "Die Hard (1988)" -> "Die Hard". */
    static String stripYear(String title) {
        return title == null ? "" : title.replaceAll("\\s*\\(\\d{4}\\)\\s*$", "").trim();
    }

    /** Lower case, accents and punctuation dropped, single spaces, padded with one space each side. */
    static String norm(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return " " + d.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim() + " ";
    }

    /** The target title the text names (whole words), or null. */
    String leakedTitle(String text) {
        String n = norm(text);
        for (String f : forbidden) {
            if (f.isBlank()) {
                continue;
            }
            if (n.contains(f)) {
                return f.trim();
            }
        }
        return null;
    }

    /** The system prompt: persona and the target's attributes; no title (there is none to give). */
    String systemPrompt() {
        Scenario.Target t = scenario.target();
        StringBuilder b = new StringBuilder();
        b.append("You play a person chatting with a movie recommendation assistant. Stay in character and write only")
            .append(" the person's next message: one or two short, natural sentences.\n");
        b.append("Persona: ").append(scenario.persona() == null ? "a casual viewer" : scenario.persona()).append(".\n");
        b.append("The film you hope to be offered (you do not know its title; never name any film title):");
        if (!t.genres().isEmpty()) {
            b.append(" genres ").append(String.join(", ", t.genres())).append(";");
        }
        if (!t.stars().isEmpty()) {
            b.append(" starring ").append(String.join(" or ", t.stars())).append(";");
        }
        if (!t.directors().isEmpty()) {
            b.append(" directed by ").append(String.join(" or ", t.directors())).append(";");
        }
        if (t.yearFrom() != null || t.yearTo() != null) {
            b.append(" released ").append(t.yearFrom() == null ? "before " + t.yearTo()
                : t.yearTo() == null ? "after " + t.yearFrom() : "between " + t.yearFrom() + " and " + t.yearTo()).append(";");
        }
        b.setLength(b.length() - 1);
        b.append(".\n");
        if (!scenario.stated().isEmpty()) {
            b.append("What you already told the assistant about yourself: ").append(String.join(" ", scenario.stated())).append("\n");
        }
        b.append("Only say things that are true of the film you hope for. Never name a film title.");
        return b.toString();
    }

    public String answerClarification(String attribute, List<String> options, String assistantText) {
        String fallback = rule.answerClarification(attribute, options);
        return ask(assistantText, "It asked you about: " + (attribute == null ? "what you want" : attribute)
            + (options == null || options.isEmpty() ? "" : " (it offered: " + String.join(", ", options) + ")")
            + ". Answer that question. Something like: \"" + fallback + "\"", fallback);
    }

    public String refusal(CatalogItem item, String assistantText) {
        String fallback = rule.refusal(item);
        return ask(assistantText, "It recommended something that is not what you want. Turn it down and say what you"
            + " want instead. Something like: \"" + fallback + "\"", fallback);
    }

    public String nudge(String assistantText) {
        String fallback = rule.nudge();
        return ask(assistantText, "It did not recommend a film. Ask for a specific recommendation with a hint of what"
            + " you want. Something like: \"" + fallback + "\"", fallback);
    }

    private String ask(String assistantText, String situation, String fallback) {
        int t = ++turn;
        long requestSeed = Math.floorMod(Objects.hash(seed, scenario.id(), t), Integer.MAX_VALUE);
        String user = "The assistant said: \"" + (assistantText == null ? "" : assistantText) + "\"\n" + situation
            + "\nWrite only your message.";
        UserLlm.Completion c;
        try {
            c = llm.complete(systemPrompt(), user, requestSeed);
        } catch (EvalException e) {
            fallbacks.add("turn " + t + ": " + e.getMessage());
            return fallback;
        }
        tokens += c.totalTokens();
        String reply = c.text() == null ? "" : c.text().strip();
        if (reply.startsWith("\"") && reply.endsWith("\"") && reply.length() > 1) {
            reply = reply.substring(1, reply.length() - 1).strip();
        }
        if (reply.isEmpty() || reply.length() > MAX_CHARS) {
            fallbacks.add("turn " + t + ": " + (reply.isEmpty() ? "empty reply" : "reply longer than " + MAX_CHARS + " chars"));
            return fallback;
        }
        String leak = leakedTitle(reply);
        if (leak != null) {
            fallbacks.add("turn " + t + ": the reply named the target title \"" + leak + "\"");
            return fallback;
        }
        replies++;
        return reply;
    }
}
