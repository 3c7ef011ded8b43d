package dev.concierge.llm;

import java.util.List;

/**
 * One candidate the reply may recommend: only these ids may appear in picks.
 *
 * @param itemId  catalog id
 * @param name    display name (title)
 * @param year    release year, or null
 * @param genres  genres, may be empty
 * @param people  notable people (stars, directors), may be empty
 * @param reason  why the engine ranked it (shown as the pick's reason by the offline responder)
 */
public record CandidateItem(String itemId, String name, Integer year, List<String> genres, List<String> people,
                            String reason) {

    public CandidateItem {
        genres = genres == null ? List.of() : List.copyOf(genres);
        people = people == null ? List.of() : List.copyOf(people);
    }

    /** "The Shining (1980)", or just the name when the year is unknown or the name already ends with it. */
    public String label() {
        return year == null || name.endsWith("(" + year + ")") ? name : name + " (" + year + ")";
    }
}
