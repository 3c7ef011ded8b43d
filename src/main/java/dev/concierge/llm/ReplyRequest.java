package dev.concierge.llm;

import java.util.List;

/**
 * What the dialogue engine decided; the responder words it (LLM) or fills templates (offline).
 *
 * @param userText           the user's current message
 * @param window             bounded recent turns, oldest first (the LLM responder keeps at most
 *                           {@code concierge.llm.window-messages} of them)
 * @param act                {@code clarify}, {@code recommend} or {@code answer}, decided by the policy
 * @param clarify            the question to ask when act = clarify, else null
 * @param candidates         ranked candidates, best first: the only items a reply may pick
 * @param maxPicks           how many picks at most (0 or less: the configured default)
 * @param applied            standing instructions / preferences that apply to this turn
 * @param mentionedItemNames items the user mentioned (liked, seen...), for wording
 * @param userId             whose turn it is (the LLM is told a pseudonym of it, see {@link ChatRequests}); may be null
 */
public record ReplyRequest(String userText, List<ChatLine> window, String act, ClarifyPlan clarify,
                           List<CandidateItem> candidates, int maxPicks, List<AppliedInstruction> applied,
                           List<String> mentionedItemNames, String userId) {

    public static final String CLARIFY = "clarify";
    public static final String RECOMMEND = "recommend";
    public static final String ANSWER = "answer";

    public ReplyRequest {
        userText = userText == null ? "" : userText;
        window = window == null ? List.of() : List.copyOf(window);
        act = act == null ? ANSWER : act;
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        applied = applied == null ? List.of() : List.copyOf(applied);
        mentionedItemNames = mentionedItemNames == null ? List.of() : List.copyOf(mentionedItemNames);
    }

    /** A request on nobody's behalf. */
    public ReplyRequest(String userText, List<ChatLine> window, String act, ClarifyPlan clarify,
                        List<CandidateItem> candidates, int maxPicks, List<AppliedInstruction> applied,
                        List<String> mentionedItemNames) {
        this(userText, window, act, clarify, candidates, maxPicks, applied, mentionedItemNames, null);
    }
}
