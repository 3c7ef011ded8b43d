package dev.concierge.dialogue;

/** One earlier message of a conversation: role "user" or "assistant". */
public record Msg(String role, String text) {
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public static Msg user(String text) {
        return new Msg(USER, text);
    }

    public static Msg assistant(String text) {
        return new Msg(ASSISTANT, text);
    }
}
