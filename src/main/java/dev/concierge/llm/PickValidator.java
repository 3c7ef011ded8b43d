package dev.concierge.llm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Grounding of picks, in code: a pick survives only if its id is one of the request's candidates, it is not a
 * duplicate, it breaks no avoid instruction, and it is within maxPicks. What was dropped is reported by reason.
 */
final class PickValidator {

    static final String NOT_CANDIDATE = "not_candidate";
    static final String DUPLICATE = "duplicate";
    static final String AVOID = "avoid";
    static final String OVER_LIMIT = "over_limit";

    private final AvoidRule avoidRule;

    PickValidator(AvoidRule avoidRule) {
        this.avoidRule = avoidRule;
    }

    /** The valid picks in the model's order; {@code dropped} hears the reason of each dropped one. */
    List<Pick> validate(List<Pick> proposed, ReplyRequest request, int maxPicks, Consumer<String> dropped) {
        Map<String, CandidateItem> byId = new LinkedHashMap<>();
        for (CandidateItem c : request.candidates()) {
            byId.putIfAbsent(c.itemId(), c);
        }
        List<AppliedInstruction> avoids = request.applied().stream().filter(AppliedInstruction::isAvoid).toList();
        Set<String> seen = new HashSet<>();
        List<Pick> out = new ArrayList<>();
        for (Pick p : proposed) {
            String id = p.itemId() == null ? "" : p.itemId().strip();
            CandidateItem c = byId.get(id);
            if (c == null) {
                dropped.accept(NOT_CANDIDATE);
            } else if (!seen.add(id)) {
                dropped.accept(DUPLICATE);
            } else if (violatesAny(c, avoids)) {
                dropped.accept(AVOID);
            } else if (out.size() >= maxPicks) {
                dropped.accept(OVER_LIMIT);
            } else {
                String reason = p.reason() == null || p.reason().isBlank() ? fallbackReason(c) : p.reason().strip();
                out.add(new Pick(id, reason));
            }
        }
        return out;
    }

    /** True when the candidate breaks one of the avoid instructions. */
    boolean violatesAny(CandidateItem c, List<AppliedInstruction> avoids) {
        for (AppliedInstruction a : avoids) {
            if (avoidRule.violates(c, a)) {
                return true;
            }
        }
        return false;
    }

    private static String fallbackReason(CandidateItem c) {
        return c.reason() != null && !c.reason().isBlank() ? c.reason().strip() : "A good match for your request";
    }
}
