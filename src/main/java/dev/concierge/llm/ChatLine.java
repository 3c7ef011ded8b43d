package dev.concierge.llm;

/**
 * One earlier message of the conversation.
 *
 * @param role {@code user} or {@code assistant}
 */
public record ChatLine(String role, String text) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
}
