package dev.concierge.llm;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The responder a chat turn uses: the LLM when {@code concierge.llm.enabled=true}, else the offline templates.
 * Any LLM failure (timeout, HTTP error, open circuit, output unusable even after one repair, act other than the
 * policy's, no valid pick) falls back to the offline reply, which is {@code degraded=true}.
 * <p>
 * The returned stream never fails: zero or more Token events, then exactly one Final. When the LLM fails after
 * some of its text was already streamed, only the offline Final follows and its text replaces the streamed draft
 * (channels show {@code Final.reply().text()} as the turn's text).
 */
@ApplicationScoped
public class ReplyService {

    private static final Logger LOG = Logger.getLogger(ReplyService.class);

    private final LlmConfig config;
    private final OfflineResponder offline;
    private final Instance<LlmResponder> llm;
    private final LlmMetrics metrics;

    ReplyService(LlmConfig config, OfflineResponder offline, Instance<LlmResponder> llm, LlmMetrics metrics) {
        this.config = config;
        this.offline = offline;
        this.llm = llm;
        this.metrics = metrics;
    }

    /** True when replies are worded by the LLM (when it answers). */
    public boolean llmEnabled() {
        return config.enabled();
    }

    public Multi<ReplyEvent> respond(ReplyRequest request) {
        if (!config.enabled()) {
            return offline.respond(request);
        }
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean streamed = new AtomicBoolean();
            return llm.get().respond(request)
                    .onItem().invoke(e -> {
                        if (e instanceof ReplyEvent.Token) {
                            streamed.set(true);
                        }
                    })
                    .onFailure().recoverWithMulti(failure -> {
                        String reason = LlmResponder.reason(failure);
                        metrics.fallback(reason);
                        LOG.infof("LLM reply unavailable (%s): offline reply", reason);
                        Reply reply = offline.reply(request);
                        return streamed.get() ? Multi.createFrom().item(new ReplyEvent.Final(reply))
                                : OfflineResponder.stream(reply);
                    });
        });
    }
}
