package dev.concierge.llm;

import io.smallrye.mutiny.Multi;

/** The port through which a chat turn gets its wording. */
public interface Responder {

    /**
     * Zero or more {@link ReplyEvent.Token}, then exactly one {@link ReplyEvent.Final}; the Final's text is the
     * concatenation of the tokens (see {@link ReplyEvent} for the one exception, a fallback after streaming).
     * An implementation may fail (the LLM one does); {@link ReplyService} never does.
     */
    Multi<ReplyEvent> respond(ReplyRequest request);
}
