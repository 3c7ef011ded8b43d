package dev.concierge.dialogue;

import dev.concierge.catalog.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Pure functions that build and update {@link DialogueState}. */
public final class StateTracker {

    public static final String ACCEPT = "accept";
    public static final String REJECT = "reject";
    public static final String SEEN = "seen";

    private StateTracker() {
    }

    /** State of a conversation created with earlier turns (user messages parsed, assistant mentions recorded). */
    public static DialogueState seed(List<Msg> history, CatalogIndex index) {
        DialogueState s = DialogueState.empty();
        if (history == null) {
            return s;
        }
        List<String> lastSuggested = List.of();
        for (Msg m : history) {
            if (m == null || m.text() == null || m.text().isBlank()) {
                continue;
            }
            if (Msg.ASSISTANT.equals(m.role())) {
                RequestFrame f = Understanding.parse(m.text(), index);
                lastSuggested = f.items().stream().map(RequestFrame.ItemMention::itemId).toList();
                s = assistantSaid(s, f);
            } else {
                RequestFrame f = Understanding.parse(m.text(), index);
                s = apply(s, f);
                if (f.items().isEmpty() && !lastSuggested.isEmpty()) {
                    s = reaction(s, f.text(), lastSuggested);
                }
                lastSuggested = List.of();
            }
        }
        return new DialogueState(s.wantedGenres(), s.unwantedGenres(), s.wantedPeople(), s.unwantedPeople(), s.yearMin(),
                s.yearMax(), s.mentioned(), s.liked(), s.disliked(), s.accepted(), s.rejected(), s.seen(), s.suggested(),
                s.recommended(), s.askedAttributes(), s.indifferentAttributes(), s.pendingAttribute(), s.questionsAsked(),
                s.turns(), add(s.wantedPeople(), s.wantedGenres()), s.conditionsMet(), s.overridden());
    }

    /** Records what the assistant said: items it named count as mentioned (never recommended again). */
    public static DialogueState assistantSaid(DialogueState s, RequestFrame assistantFrame) {
        List<String> ids = assistantFrame.items().stream().map(RequestFrame.ItemMention::itemId).toList();
        return with(s, null, null, null, null, s.yearMin(), s.yearMax(), add(s.mentioned(), ids), s.liked(), s.disliked(),
                s.seen(), add(s.suggested(), ids), s.askedAttributes(), s.indifferentAttributes(), s.pendingAttribute(),
                s.questionsAsked(), s.turns());
    }

    /** Folds one parsed user message into the state. */
    public static DialogueState apply(DialogueState s, RequestFrame f) {
        List<String> wg = remove(add(s.wantedGenres(), f.wantedGenres()), f.unwantedGenres());
        List<String> ug = remove(add(s.unwantedGenres(), f.unwantedGenres()), f.wantedGenres());
        List<String> wp = remove(add(s.wantedPeople(), f.wantedPeople()), f.unwantedPeople());
        List<String> up = remove(add(s.unwantedPeople(), f.unwantedPeople()), f.wantedPeople());
        List<String> ids = new ArrayList<>(), liked = new ArrayList<>(), disliked = new ArrayList<>(), seen = new ArrayList<>();
        for (RequestFrame.ItemMention m : f.items()) {
            ids.add(m.itemId());
            if (RequestFrame.LIKED.equals(m.sentiment())) {
                liked.add(m.itemId());
            } else if (RequestFrame.DISLIKED.equals(m.sentiment())) {
                disliked.add(m.itemId());
            }
            if (m.seen()) {
                seen.add(m.itemId());
            }
        }
        List<String> mentioned = add(s.mentioned(), ids);
        List<String> recommended = s.recommended();
        if (f.asksRecommendation() && !recommended.isEmpty()) {
            // the user saw the previous recommendations and asks again: do not repeat them
            mentioned = add(mentioned, recommended);
            recommended = List.of();
        }
        List<String> indifferent = s.indifferentAttributes();
        if (f.noPreference() && s.pendingAttribute() != null) {
            indifferent = add(indifferent, List.of(s.pendingAttribute()));
        }
        DialogueState out = new DialogueState(wg, ug, wp, up,
                f.yearMin() != null ? f.yearMin() : s.yearMin(), f.yearMax() != null ? f.yearMax() : s.yearMax(),
                mentioned, remove(add(s.liked(), liked), disliked), remove(add(s.disliked(), disliked), liked),
                s.accepted(), s.rejected(), add(s.seen(), seen), s.suggested(), recommended,
                s.askedAttributes(), indifferent, null, s.questionsAsked(), s.turns() + 1, StateTracker.remove(StateTracker.remove(s.background(), f.wantedPeople()), f.wantedGenres()), s.conditionsMet(), s.overridden());
        return out;
    }

    /** A user reply without titles right after the assistant named items: "loved it", "seen it", "not that one". */
    static DialogueState reaction(DialogueState s, String text, List<String> lastSuggested) {
        List<String> w = Text.normTokens(text);
        boolean anaphora = w.stream().anyMatch(x -> Set.of("it", "that", "those", "both", "them", "one", "ones", "this").contains(x));
        if (!anaphora) {
            return s;
        }
        boolean neg = w.stream().anyMatch(Lexicon.NEGATION::contains);
        boolean like = w.stream().anyMatch(Lexicon.LIKE::contains);
        boolean dislike = w.stream().anyMatch(Lexicon.DISLIKE::contains);
        boolean saw = w.stream().anyMatch(x -> x.equals("seen") || x.equals("watched") || x.equals("saw"));
        List<String> liked = s.liked(), disliked = s.disliked(), seen = s.seen();
        if (saw && !neg) {
            seen = add(seen, lastSuggested);
        }
        if (like && !neg && !dislike) {
            liked = add(liked, lastSuggested);
        } else if (dislike || (like && neg)) {
            disliked = add(disliked, lastSuggested);
        }
        return new DialogueState(s.wantedGenres(), s.unwantedGenres(), s.wantedPeople(), s.unwantedPeople(), s.yearMin(),
                s.yearMax(), s.mentioned(), liked, disliked, s.accepted(), s.rejected(), seen, s.suggested(),
                s.recommended(), s.askedAttributes(), s.indifferentAttributes(), s.pendingAttribute(), s.questionsAsked(),
                s.turns(), s.background(), s.conditionsMet(), s.overridden());
    }

    /** Feedback on an item: verdict "accept" | "reject" | "seen". Ids are canonicalised. */
    public static DialogueState feedback(DialogueState s, String itemId, String verdict, CatalogIndex index) {
        String id = index.canonical(itemId) != null ? index.canonical(itemId) : itemId;
        List<String> one = List.of(id);
        List<String> accepted = s.accepted(), rejected = s.rejected(), seen = s.seen(), liked = s.liked(), disliked = s.disliked();
        switch (verdict == null ? "" : verdict) {
            case ACCEPT -> {
                accepted = add(accepted, one);
                liked = add(liked, one);
                rejected = remove(rejected, one);
            }
            case REJECT -> {
                rejected = add(rejected, one);
                accepted = remove(accepted, one);
                liked = remove(liked, one);
            }
            case SEEN -> seen = add(seen, one);
            default -> throw new IllegalArgumentException("verdict must be accept|reject|seen: " + verdict);
        }
        return new DialogueState(s.wantedGenres(), s.unwantedGenres(), s.wantedPeople(), s.unwantedPeople(), s.yearMin(),
                s.yearMax(), s.mentioned(), liked, disliked, accepted, rejected, seen, s.suggested(), s.recommended(),
                s.askedAttributes(), s.indifferentAttributes(), s.pendingAttribute(), s.questionsAsked(), s.turns(), s.background(), s.conditionsMet(), s.overridden());
    }

    /**
     * Records the engine's decision: a clarification counts as a question asked (and becomes pending),
     * a recommendation records the shown items.
     */
    public static DialogueState afterDecision(DialogueState s, Policy.Decision d, List<String> shownItemIds) {
        if (Policy.CLARIFY.equals(d.act())) {
            return new DialogueState(s.wantedGenres(), s.unwantedGenres(), s.wantedPeople(), s.unwantedPeople(),
                    s.yearMin(), s.yearMax(), s.mentioned(), s.liked(), s.disliked(), s.accepted(), s.rejected(), s.seen(),
                    s.suggested(), s.recommended(), add(s.askedAttributes(), List.of(d.attribute())),
                    s.indifferentAttributes(), d.attribute(), s.questionsAsked() + 1, s.turns(), s.background(), s.conditionsMet(), s.overridden());
        }
        if (Policy.RECOMMEND.equals(d.act()) && shownItemIds != null) {
            return new DialogueState(s.wantedGenres(), s.unwantedGenres(), s.wantedPeople(), s.unwantedPeople(),
                    s.yearMin(), s.yearMax(), s.mentioned(), s.liked(), s.disliked(), s.accepted(), s.rejected(), s.seen(),
                    s.suggested(), add(s.recommended(), shownItemIds), s.askedAttributes(), s.indifferentAttributes(),
                    null, s.questionsAsked(), s.turns(), s.background(), s.conditionsMet(), s.overridden());
        }
        return s;
    }

    private static DialogueState with(DialogueState s, List<String> wg, List<String> ug, List<String> wp, List<String> up,
                                      Integer yMin, Integer yMax, List<String> mentioned, List<String> liked,
                                      List<String> disliked, List<String> seen, List<String> suggested,
                                      List<String> asked, List<String> indifferent, String pending, int q, int turns) {
        return new DialogueState(wg == null ? s.wantedGenres() : wg, ug == null ? s.unwantedGenres() : ug,
                wp == null ? s.wantedPeople() : wp, up == null ? s.unwantedPeople() : up, yMin, yMax, mentioned, liked,
                disliked, s.accepted(), s.rejected(), seen, suggested, s.recommended(), asked, indifferent, pending, q, turns, s.background(), s.conditionsMet(), s.overridden());
    }

    static List<String> add(List<String> base, List<String> more) {
        if (more == null || more.isEmpty()) {
            return base;
        }
        Set<String> s = new LinkedHashSet<>(base);
        s.addAll(more);
        return List.copyOf(s);
    }

    static List<String> remove(List<String> base, List<String> less) {
        if (less == null || less.isEmpty()) {
            return base;
        }
        List<String> out = new ArrayList<>(base);
        out.removeAll(less);
        return List.copyOf(out);
    }
}
