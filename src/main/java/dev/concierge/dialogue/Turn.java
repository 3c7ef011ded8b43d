package dev.concierge.dialogue;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One assistant turn, the same object on REST, SSE and WebSocket (contract: "Conversations"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Turn(String messageId, String conversationId, String act, String text, Clarification clarification,
                   List<Recommendation> recommendations, List<InstructionRef> appliedInstructions,
                   List<InstructionRef> overriddenInstructions, List<InstructionRef> learned, boolean degraded) {

    public static final String CLARIFY = "clarify";
    public static final String RECOMMEND = "recommend";
    public static final String ANSWER = "answer";

    public record Clarification(String attribute, String question, List<String> options) {
    }

    public record Recommendation(String itemId, String name, String reason, List<String> appliedInstructionIds) {
    }

    public record InstructionRef(String id, String text) {
    }
}
