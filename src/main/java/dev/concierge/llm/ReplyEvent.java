package dev.concierge.llm;

/** Streamed output of one reply: zero or more {@link Token}, then exactly one {@link Final}. */
public sealed interface ReplyEvent permits ReplyEvent.Token, ReplyEvent.Final {

    /** A text delta of the reply's text. */
    record Token(String text) implements ReplyEvent {
    }

    /** The complete reply; always the last event. */
    record Final(Reply reply) implements ReplyEvent {
    }
}
