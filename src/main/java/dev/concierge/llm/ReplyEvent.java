package dev.concierge.llm;

/**
 * Streamed output of one reply: zero or more {@link Token}, then exactly one {@link Final}.
 * Normally the Final's text is the concatenation of the tokens. When the LLM fails after part of its text was
 * streamed, {@link ReplyService} ends with the offline Final, whose text replaces the streamed draft: channels
 * treat {@code Final.reply().text()} as the turn's text.
 */
public sealed interface ReplyEvent permits ReplyEvent.Token, ReplyEvent.Final {

    /** A text delta of the reply's text. */
    record Token(String text) implements ReplyEvent {
    }

    /** The complete reply; always the last event. */
    record Final(Reply reply) implements ReplyEvent {
    }
}
