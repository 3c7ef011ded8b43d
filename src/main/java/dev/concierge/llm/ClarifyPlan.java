package dev.concierge.llm;

import java.util.List;

/**
 * The question the policy decided to ask, e.g. attribute "genre", options ["comedy", "horror"].
 */
public record ClarifyPlan(String attribute, String question, List<String> options) {

    public ClarifyPlan {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
