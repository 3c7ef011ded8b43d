package dev.concierge.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Words a turn with an LLM behind any OpenAI-compatible server, through LangChain4j's streaming chat model.
 * <ul>
 *   <li>The model answers one JSON object; only the decoded "text" value is streamed, as it arrives.</li>
 *   <li>At the end the whole JSON is parsed; malformed output gets one non-streamed repair call.</li>
 *   <li>Picks are grounded in code ({@link PickValidator}); an act other than the policy's, or a recommendation
 *       with no valid pick left, is a failure (the caller serves the offline reply).</li>
 *   <li>Fault tolerance: first-chunk timeout and whole-reply timeout (own timers), retry only while nothing
 *       was streamed, and a circuit breaker (SmallRye Fault Tolerance {@link TypedGuard}, named
 *       {@value #BREAKER}).</li>
 * </ul>
 * The stream fails with {@link LlmCallException} (or the breaker's exception) when no usable reply came;
 * {@link ReplyService} turns that into the offline reply.
 */
@ApplicationScoped
public class LlmResponder implements Responder {

    /** Name of the circuit breaker (CircuitBreakerMaintenance, metrics). */
    public static final String BREAKER = "concierge-llm";
    private static final Logger LOG = Logger.getLogger(LlmResponder.class);

    private final StreamingChatModel streaming;
    private final ChatModel chat;
    private final LlmConfig config;
    private final ObjectMapper json;
    private final LlmMetrics metrics;
    private final Vertx vertx;
    private final PromptBuilder prompts;
    private final PickValidator validator;
    private final TypedGuard<Uni<Raw>> guard;

    LlmResponder(StreamingChatModel streaming, ChatModel chat, LlmConfig config, ObjectMapper json,
                 AvoidRule avoidRule, LlmMetrics metrics, Vertx vertx) {
        this.streaming = streaming;
        this.chat = chat;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.vertx = vertx;
        this.prompts = new PromptBuilder(json, config);
        this.validator = new PickValidator(avoidRule);
        LlmConfig.CircuitBreaker cb = config.circuitBreaker();
        this.guard = TypedGuard.create(new TypeLiteral<Uni<Raw>>() { })
                .withDescription("LLM streaming call")
                .withRetry()
                    .maxRetries(Math.max(0, config.retries()))
                    .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .maxDuration(Math.max(1, config.replyTimeout().toMillis()) * 2, ChronoUnit.MILLIS)
                    .whenException(t -> t instanceof LlmCallException e && e.retryable())
                    .done()
                .withCircuitBreaker()
                    .name(BREAKER)
                    .requestVolumeThreshold(Math.max(1, cb.requestVolume()))
                    .failureRatio(cb.failureRatio())
                    .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(Math.max(1, cb.successThreshold()))
                    .when(t -> t instanceof LlmCallException e && !"abandoned".equals(e.reason()))
                    .onStateChange(s -> LOG.infof("LLM circuit breaker is now %s", s))
                    .done()
                .withThreadOffload(false)
                .build();
    }

    /** What one streamed call produced. */
    record Raw(String text, TokenUsage usage) {
    }

    /** State of one reply across its attempts. */
    private static final class Turn {
        final MultiEmitter<? super ReplyEvent> emitter;
        final StringBuilder streamedText = new StringBuilder();
        final AtomicBoolean abandoned = new AtomicBoolean();
        volatile int inputTokens;
        volatile int outputTokens;
        volatile boolean fromUsage = true;

        Turn(MultiEmitter<? super ReplyEvent> emitter) {
            this.emitter = emitter;
        }

        synchronized boolean streamed() {
            return !streamedText.isEmpty();
        }

        synchronized void token(String delta) {
            streamedText.append(delta);
            emitter.emit(new ReplyEvent.Token(delta));
        }

        synchronized String streamedText() {
            return streamedText.toString();
        }
    }

    @Override
    public Multi<ReplyEvent> respond(ReplyRequest request) {
        return Multi.createFrom().emitter(em -> {
            Turn turn = new Turn(em);
            long start = System.nanoTime();
            List<ChatMessage> messages = prompts.messages(request);
            ChatRequest chatRequest = ChatRequests.of(messages, config, request.userId());
            int promptChars = chars(messages);

            var cancellable = guard.get(() -> attempt(chatRequest, turn))
                    .onItem().transformToUni(raw -> finish(request, turn, raw, promptChars))
                    .ifNoItem().after(config.replyTimeout())
                    .failWith(() -> new LlmCallException("reply_timeout",
                            "no complete LLM reply within " + config.replyTimeout(), false, null))
                    .subscribe().with(reply -> {
                        metrics.latency("success", Duration.ofNanos(System.nanoTime() - start));
                        metrics.tokens(reply.inputTokens(), reply.outputTokens(), turn.fromUsage);
                        if (!turn.streamed()) {
                            // nothing streamed (e.g. repaired output): keep the stream shape of the port
                            OfflineResponder.chunks(reply.text(), OfflineResponder.WORDS_PER_TOKEN)
                                    .forEach(turn::token);
                        }
                        em.emit(new ReplyEvent.Final(reply));
                        em.complete();
                    }, failure -> {
                        turn.abandoned.set(true);
                        boolean rejected = !(failure instanceof LlmCallException);
                        metrics.latency(rejected ? "rejected" : "failure",
                                Duration.ofNanos(System.nanoTime() - start));
                        metrics.failure(reason(failure));
                        LOG.debugf("LLM reply failed (%s): %s", reason(failure), failure.getMessage());
                        em.fail(failure);
                    });
            em.onTermination(() -> {
                turn.abandoned.set(true);
                cancellable.cancel();
            });
        });
    }

    /** Metric tag of a failure. */
    static String reason(Throwable t) {
        if (t instanceof LlmCallException e) {
            return e.reason();
        }
        if (t != null && t.getClass().getSimpleName().equals("CircuitBreakerOpenException")) {
            return "circuit_open";
        }
        return "error";
    }

    /** One streamed call: tokens of the "text" field go to the user as they are decoded. */
    private Uni<Raw> attempt(ChatRequest request, Turn turn) {
        return Uni.createFrom().emitter(ue -> {
            if (turn.abandoned.get()) {
                ue.fail(new LlmCallException("abandoned", "reply already given up", false, null));
                return;
            }
            Attempt a = new Attempt(ue, turn);
            long timer = vertx.setTimer(Math.max(1, config.firstTokenTimeout().toMillis()), id -> a.fail(
                    new LlmCallException("first_token_timeout",
                            "no first chunk within " + config.firstTokenTimeout(), !turn.streamed(), null)));
            a.timer = timer;
            ue.onTermination(a::cancel);
            try {
                streaming.chat(request, a);
            } catch (RuntimeException e) {
                a.fail(new LlmCallException("http_error", String.valueOf(e.getMessage()), !turn.streamed(), e));
            }
        });
    }

    /** Handler of one streamed call; completes or fails its Uni exactly once. */
    private final class Attempt implements StreamingChatResponseHandler {
        private final UniEmitter<? super Raw> ue;
        private final Turn turn;
        private final TextFieldExtractor extractor = new TextFieldExtractor();
        private final StringBuilder raw = new StringBuilder();
        private final AtomicBoolean finished = new AtomicBoolean();
        private final AtomicReference<StreamingHandle> handle = new AtomicReference<>();
        private final long start = System.nanoTime();
        private boolean first = true;
        volatile long timer = -1;

        Attempt(UniEmitter<? super Raw> ue, Turn turn) {
            this.ue = ue;
            this.turn = turn;
        }

        @Override
        public void onPartialResponse(String text) {
            partial(text, null);
        }

        @Override
        public void onPartialResponse(PartialResponse response, PartialResponseContext context) {
            partial(response.text(), context == null ? null : context.streamingHandle());
        }

        private synchronized void partial(String text, StreamingHandle h) {
            if (h != null) {
                handle.set(h);
            }
            if (finished.get() || turn.abandoned.get()) {
                cancelStream();
                return;
            }
            if (first) {
                first = false;
                vertx.cancelTimer(timer);
                metrics.firstToken(Duration.ofNanos(System.nanoTime() - start));
            }
            if (text == null || text.isEmpty()) {
                return;
            }
            raw.append(text);
            String delta = extractor.feed(text);
            if (!delta.isEmpty()) {
                turn.token(delta);
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            String text;
            synchronized (this) {
                text = raw.isEmpty() && response != null && response.aiMessage() != null
                        ? response.aiMessage().text() : raw.toString();
            }
            if (finished.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                ue.complete(new Raw(text, response == null ? null : response.tokenUsage()));
            }
        }

        @Override
        public void onError(Throwable error) {
            fail(new LlmCallException("http_error", String.valueOf(error.getMessage()), !turn.streamed(), error));
        }

        void fail(LlmCallException e) {
            if (finished.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                cancelStream();
                ue.fail(e);
            }
        }

        void cancel() {
            vertx.cancelTimer(timer);
            if (finished.compareAndSet(false, true)) {
                cancelStream();
            }
        }

        private void cancelStream() {
            StreamingHandle h = handle.get();
            if (h != null && !h.isCancelled()) {
                try {
                    h.cancel();
                } catch (RuntimeException e) {
                    LOG.debug("cancelling the LLM stream failed", e);
                }
            }
        }
    }

    /** Parses (repairing once if needed), validates and accounts one raw answer. */
    private Uni<Reply> finish(ReplyRequest request, Turn turn, Raw raw, int promptChars) {
        account(turn, raw.usage(), promptChars, raw.text());
        Optional<LlmAnswer> parsed = LlmAnswer.parse(raw.text(), json);
        Uni<LlmAnswer> answer = parsed.map(a -> Uni.createFrom().item(a))
                .orElseGet(() -> repair(request, turn, raw.text()));
        return answer.map(a -> validate(request, turn, a));
    }

    private Uni<LlmAnswer> repair(ReplyRequest request, Turn turn, String broken) {
        List<ChatMessage> messages = prompts.repairMessages(request, broken);
        ChatRequest repairRequest = ChatRequests.of(messages, config, request.userId());
        return Uni.createFrom().item(() -> chat.chat(repairRequest))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(t -> {
                    metrics.repair("error");
                    return new LlmCallException("malformed", "repair call failed: " + t.getMessage(), false, t);
                })
                .map(resp -> {
                    String text = resp.aiMessage() == null ? null : resp.aiMessage().text();
                    account(turn, resp.tokenUsage(), chars(messages), text);
                    Optional<LlmAnswer> fixed = LlmAnswer.parse(text, json);
                    metrics.repair(fixed.isPresent() ? "fixed" : "failed");
                    return fixed.orElseThrow(() -> new LlmCallException("malformed",
                            "LLM output did not follow the schema, even after one repair", false, null));
                });
    }

    private Reply validate(ReplyRequest request, Turn turn, LlmAnswer answer) {
        if (!answer.act().equals(request.act())) {
            throw new LlmCallException("act_mismatch",
                    "LLM answered act " + answer.act() + " where the policy decided " + request.act(), false, null);
        }
        List<Pick> picks = new ArrayList<>();
        if (ReplyRequest.RECOMMEND.equals(answer.act())) {
            picks = validator.validate(answer.picks(), request, prompts.maxPicks(request), metrics::pickDropped);
            if (picks.isEmpty()) {
                throw new LlmCallException("no_valid_pick", "LLM recommended no valid candidate", false, null);
            }
        } else if (!answer.picks().isEmpty()) {
            answer.picks().forEach(p -> metrics.pickDropped("not_recommend_act"));
        }
        String streamed = turn.streamedText();
        if (!streamed.isEmpty() && !streamed.equals(answer.text())) {
            LOG.debug("streamed text differs from the parsed text (repaired output); the Final text is authoritative");
        }
        return new Reply(answer.act(), answer.text(), picks, false, turn.inputTokens, turn.outputTokens);
    }

    /** Adds the server's usage when it sent one, else an estimate (characters / 4). */
    private static void account(Turn turn, TokenUsage usage, int promptChars, String output) {
        if (usage != null && usage.inputTokenCount() != null && usage.outputTokenCount() != null) {
            turn.inputTokens += usage.inputTokenCount();
            turn.outputTokens += usage.outputTokenCount();
        } else {
            turn.fromUsage = false;
            turn.inputTokens += estimate(promptChars);
            turn.outputTokens += estimate(output == null ? 0 : output.length());
        }
    }

    /** Characters of the messages' text (for the token estimate). */
    static int chars(List<ChatMessage> messages) {
        int n = 0;
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage s) {
                n += s.text().length();
            } else if (m instanceof UserMessage u) {
                n += u.hasSingleText() ? u.singleText().length() : String.valueOf(u.contents()).length();
            } else if (m instanceof AiMessage a) {
                n += a.text() == null ? 0 : a.text().length();
            }
        }
        return n;
    }

    static int estimate(int chars) {
        return (chars + 3) / 4;
    }
}
