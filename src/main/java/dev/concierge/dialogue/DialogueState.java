package dev.concierge.dialogue;

import java.util.List;

/**
 * Everything the engine remembers about one conversation between turns. Plain data, JSON-serialisable with
 * Jackson as is (a record of strings, ints and lists); keep it in Redis and pass it back. Build and update it
 * with {@link StateTracker}; never mutate: every update returns a new state.
 *
 * <p>Items are canonical catalog ids. {@code mentioned}: every item named in the conversation by either side
 * (never recommended again); {@code suggested}: items the assistant named in seeded history;
 * {@code recommended}: items shown in this conversation's own recommend turns (excluded once the user asks
 * again); {@code askedAttributes}: clarifications already asked; {@code indifferentAttributes}: asked and
 * answered "I don't mind"; {@code pendingAttribute}: the question waiting for an answer;
 * {@code background}: wanted people and genres stated only in seeded history (weighed less than what the
 * user says in this conversation); {@code conditionsMet}: conditional instructions whose condition a message of this
 * conversation met ("we're on a date"): they keep applying until a message says the condition no longer holds;
 * {@code overridden}: instructions a message of this conversation went against ("this time an animated film is
 * fine"): they stay suspended for the rest of the conversation, and apply again in the next one.
 */
public record DialogueState(List<String> wantedGenres, List<String> unwantedGenres,
                            List<String> wantedPeople, List<String> unwantedPeople,
                            Integer yearMin, Integer yearMax,
                            List<String> mentioned, List<String> liked, List<String> disliked,
                            List<String> accepted, List<String> rejected, List<String> seen,
                            List<String> suggested, List<String> recommended,
                            List<String> askedAttributes, List<String> indifferentAttributes,
                            String pendingAttribute, int questionsAsked, int turns, List<String> background,
                            List<String> conditionsMet, List<String> overridden) {

    public DialogueState {
        wantedGenres = nn(wantedGenres);
        unwantedGenres = nn(unwantedGenres);
        wantedPeople = nn(wantedPeople);
        unwantedPeople = nn(unwantedPeople);
        mentioned = nn(mentioned);
        liked = nn(liked);
        disliked = nn(disliked);
        accepted = nn(accepted);
        rejected = nn(rejected);
        seen = nn(seen);
        suggested = nn(suggested);
        recommended = nn(recommended);
        askedAttributes = nn(askedAttributes);
        indifferentAttributes = nn(indifferentAttributes);
        background = nn(background);
        conditionsMet = nn(conditionsMet);
        overridden = nn(overridden);
    }

    /** The same state with this conversation's conditional and overridden instructions replaced. */
    public DialogueState withInstructionState(List<String> conditionsMet, List<String> overridden) {
        return new DialogueState(wantedGenres, unwantedGenres, wantedPeople, unwantedPeople, yearMin, yearMax, mentioned, liked,
                disliked, accepted, rejected, seen, suggested, recommended, askedAttributes, indifferentAttributes,
                pendingAttribute, questionsAsked, turns, background, conditionsMet, overridden);
    }

    private static List<String> nn(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    public static DialogueState empty() {
        return new DialogueState(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, 0, 0, null, null, null);
    }
}
