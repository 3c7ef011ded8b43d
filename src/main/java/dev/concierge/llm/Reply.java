package dev.concierge.llm;

import java.util.List;

/**
 * The finished reply of one turn.
 *
 * @param act          {@code clarify}, {@code recommend} or {@code answer}
 * @param text         what the assistant says (equals the concatenated Token events)
 * @param picks        validated picks: candidates only, no duplicates, no avoid violations, at most maxPicks
 * @param degraded     true when the LLM was not used (offline responder, or a fallback to it)
 * @param inputTokens  prompt tokens (server usage when sent, else an estimate; 0 offline)
 * @param outputTokens completion tokens (server usage when sent, else an estimate; 0 offline)
 */
public record Reply(String act, String text, List<Pick> picks, boolean degraded, int inputTokens,
                    int outputTokens) {

    public Reply {
        picks = picks == null ? List.of() : List.copyOf(picks);
    }
}
