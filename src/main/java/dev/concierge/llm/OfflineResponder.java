package dev.concierge.llm;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic English templates: the product's offline mode and the fallback of the LLM responder.
 * The same request always gives the same text; picks are the top candidates, never anything else.
 * Every reply it makes is {@code degraded} (the LLM was not used) and costs no tokens.
 */
@ApplicationScoped
public class OfflineResponder implements Responder {

    /** Words per streamed Token event, so clients see the same stream shape as with the LLM. */
    static final int WORDS_PER_TOKEN = 3;
    /** Default number of picks when the request asks for none. */
    static final int DEFAULT_PICKS = 3;

    private static final Pattern WORD = Pattern.compile("\\S+\\s*");
    private static final Pattern GREETING = Pattern.compile(
            "^\\s*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings)\\b.*", Pattern.DOTALL);
    private static final Pattern THANKS = Pattern.compile(".*\\b(thanks|thank you|thx|cheers)\\b.*", Pattern.DOTALL);
    private static final Pattern BYE = Pattern.compile(".*\\b(bye|goodbye|see you|good night)\\b.*", Pattern.DOTALL);

    private final PickValidator validator;

    /** With the default avoid rule (tests, tools). */
    public OfflineResponder() {
        this(new AttributeAvoidRule());
    }

    @Inject
    public OfflineResponder(AvoidRule avoidRule) {
        this.validator = new PickValidator(avoidRule);
    }

    @Override
    public Multi<ReplyEvent> respond(ReplyRequest request) {
        return stream(reply(request));
    }

    /** The reply for a request, without streaming. */
    public Reply reply(ReplyRequest request) {
        return switch (request.act()) {
            case ReplyRequest.CLARIFY -> new Reply(ReplyRequest.CLARIFY, clarifyText(request.clarify()), List.of(),
                    true, 0, 0);
            case ReplyRequest.RECOMMEND -> recommend(request);
            default -> new Reply(ReplyRequest.ANSWER, answerText(request.userText()), List.of(), true, 0, 0);
        };
    }

    /** A finished reply as the stream shape of the port: its text in word groups, then Final. */
    public static Multi<ReplyEvent> stream(Reply reply) {
        List<ReplyEvent> events = new ArrayList<>();
        for (String chunk : chunks(reply.text(), WORDS_PER_TOKEN)) {
            events.add(new ReplyEvent.Token(chunk));
        }
        events.add(new ReplyEvent.Final(reply));
        return Multi.createFrom().iterable(events);
    }

    /** Splits a text into groups of {@code words} words; concatenated, the groups are the text. */
    static List<String> chunks(String text, int words) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        Matcher m = WORD.matcher(text);
        int start = 0;
        int count = 0;
        int end = 0;
        // leading whitespace belongs to the first group
        while (m.find()) {
            end = m.end();
            if (++count == words) {
                out.add(text.substring(start, end));
                start = end;
                count = 0;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    static String clarifyText(ClarifyPlan plan) {
        if (plan == null || plan.question() == null || plan.question().isBlank()) {
            return "Could you tell me a bit more about what you are looking for? "
                    + "A genre, a person or a title you liked would help.";
        }
        String q = plan.question().strip();
        // the policy may already name examples in its question: say them once
        if (plan.options().isEmpty() || q.contains(plan.options().get(0))) {
            return q;
        }
        return q + " For example: " + joinOr(plan.options()) + ".";
    }

    private Reply recommend(ReplyRequest request) {
        int max = request.maxPicks() > 0 ? request.maxPicks() : DEFAULT_PICKS;
        List<AppliedInstruction> avoids = request.applied().stream().filter(AppliedInstruction::isAvoid).toList();
        // the engine filters candidates already; a candidate that still breaks an avoid instruction is skipped
        List<CandidateItem> top = request.candidates().stream().filter(c -> !validator.violatesAny(c, avoids))
                .limit(max).toList();
        if (top.isEmpty()) {
            String text = "I could not find anything in the catalog that fits yet. "
                    + "Could you tell me a genre, a person or a title you liked?";
            return new Reply(ReplyRequest.RECOMMEND, text + keepingInMind(request.applied()), List.of(), true, 0, 0);
        }
        StringBuilder text = new StringBuilder();
        text.append(top.size() == 1 ? "Here is a pick for you: " : "Here are " + top.size() + " picks for you: ");
        List<Pick> picks = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            CandidateItem c = top.get(i);
            if (i > 0) {
                text.append(' ');
            }
            String described = describe(c);
            text.append(c.label());
            if (!described.isEmpty()) {
                text.append(" — ").append(described);
            }
            text.append('.');
            picks.add(new Pick(c.itemId(), pickReason(c, described)));
        }
        text.append(keepingInMind(request.applied()));
        return new Reply(ReplyRequest.RECOMMEND, text.toString(), picks, true, 0, 0);
    }

    /** "with Jack Nicholson, Shelley Duvall; horror, drama" (what is known of the item, each fact said once). */
    static String describe(CandidateItem c) {
        String reason = c.reason() == null ? "" : c.reason().toLowerCase(Locale.ROOT);
        List<String> parts = new ArrayList<>();
        List<String> people = c.people().stream().limit(2).filter(p -> !reason.contains(p.toLowerCase(Locale.ROOT))).toList();
        if (!people.isEmpty()) {
            parts.add("with " + String.join(", ", people));
        }
        List<String> genres = c.genres().stream().limit(3).map(g -> g.toLowerCase(Locale.ROOT)).filter(g -> !reason.contains(g)).toList();
        if (!genres.isEmpty()) {
            parts.add(String.join(", ", genres));
        }
        if (c.reason() != null && !c.reason().isBlank()) {
            parts.add(stripPeriod(c.reason().strip()));
        }
        return String.join("; ", parts);
    }

    private static String pickReason(CandidateItem c, String described) {
        if (c.reason() != null && !c.reason().isBlank()) {
            return c.reason().strip();
        }
        return described.isEmpty() ? "A good match for your request" : capitalize(described);
    }

    static String keepingInMind(List<AppliedInstruction> applied) {
        List<String> texts = applied.stream().map(AppliedInstruction::text)
                .filter(t -> t != null && !t.isBlank()).map(t -> stripPeriod(t.strip())).toList();
        if (texts.isEmpty()) {
            return "";
        }
        return " Keeping in mind: " + String.join("; ", texts) + ".";
    }

    static String answerText(String userText) {
        String t = userText == null ? "" : userText.toLowerCase(Locale.ROOT);
        if (THANKS.matcher(t).matches()) {
            return "You are welcome! Ask me any time for more suggestions.";
        }
        if (BYE.matcher(t).matches()) {
            return "Goodbye, and enjoy!";
        }
        if (GREETING.matcher(t).matches()) {
            return "Hello! Tell me what you are in the mood for — a genre, a person or a title you liked — "
                    + "and I will suggest something from the catalog.";
        }
        return "I can suggest things from the catalog. Tell me a genre, a person or a title you liked, "
                + "or a rule I should always keep in mind (for example \"no horror\").";
    }

    private static String joinOr(List<String> options) {
        if (options.size() == 1) {
            return options.get(0);
        }
        return String.join(", ", options.subList(0, options.size() - 1)) + " or " + options.get(options.size() - 1);
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
