package dev.concierge.dialogue;

import java.util.List;

/**
 * What one user message says, against the catalog. Genres are catalog genre names ("horror"), people are the
 * catalog's spelling ("Jack Nicholson"), items are canonical catalog ids.
 *
 * @param intent one of {@link #RECOMMEND} (asks for a recommendation), {@link #PREFERENCE} (states preferences
 *               or answers a question), {@link #ITEM_QUESTION} (asks about an item: who is in it, when, ...),
 *               {@link #GREETING}, {@link #THANKS}, {@link #OTHER}
 * @param noPreference "I don't mind", "anything", "whatever", "surprise me" with no stated preference in the same message
 * @param questionItemId for ITEM_QUESTION: the item asked about
 * @param questionAbout for ITEM_QUESTION: "director", "stars", "year", "genre" or "about"
 */
public record RequestFrame(String text, String intent, boolean asksRecommendation, boolean noPreference,
                           List<String> wantedGenres, List<String> unwantedGenres,
                           List<String> wantedPeople, List<String> unwantedPeople,
                           List<ItemMention> items, Integer yearMin, Integer yearMax,
                           String questionItemId, String questionAbout) {

    public static final String RECOMMEND = "recommend";
    public static final String PREFERENCE = "preference";
    public static final String ITEM_QUESTION = "item_question";
    public static final String GREETING = "greeting";
    public static final String THANKS = "thanks";
    public static final String OTHER = "other";

    public static final String LIKED = "liked";
    public static final String DISLIKED = "disliked";
    public static final String NEUTRAL = "neutral";

    /** An item named in the message; sentiment liked|disliked|neutral; seen when the user says they saw it. */
    public record ItemMention(String itemId, String sentiment, boolean seen) {
    }

    /** True when the message carries something the ranker can use (genres, people, items, years). */
    public boolean hasContent() {
        return !wantedGenres.isEmpty() || !unwantedGenres.isEmpty() || !wantedPeople.isEmpty()
                || !unwantedPeople.isEmpty() || !items.isEmpty() || yearMin != null || yearMax != null;
    }

    public boolean aboutRecommending() {
        return asksRecommendation || PREFERENCE.equals(intent) || RECOMMEND.equals(intent);
    }
}
