package dev.concierge.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Micrometer meters of the responder (Prometheus names in brackets):
 * {@code concierge.llm.latency} [concierge_llm_latency_seconds] timer by outcome (success|failure|rejected),
 * {@code concierge.llm.first.token} [concierge_llm_first_token_seconds] time to the first streamed chunk,
 * {@code concierge.llm.tokens} [concierge_llm_tokens_total] by direction (input|output) and source (usage|estimate),
 * {@code concierge.llm.failures} [concierge_llm_failures_total] by reason,
 * {@code concierge.llm.fallbacks} [concierge_llm_fallbacks_total] replies served offline instead, by reason,
 * {@code concierge.llm.repairs} [concierge_llm_repairs_total] by outcome, and
 * {@code concierge.llm.picks.dropped} [concierge_llm_picks_dropped_total] by reason.
 */
@ApplicationScoped
public class LlmMetrics {

    private final MeterRegistry registry;

    LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void latency(String outcome, Duration d) {
        Timer.builder("concierge.llm.latency").description("LLM call latency, first request to parsed reply")
                .tag("outcome", outcome).register(registry).record(d);
    }

    void firstToken(Duration d) {
        Timer.builder("concierge.llm.first.token").description("Time to the first streamed chunk of the LLM")
                .register(registry).record(d);
    }

    void tokens(int input, int output, boolean fromUsage) {
        String source = fromUsage ? "usage" : "estimate";
        counter("concierge.llm.tokens", "direction", "input", "source", source).increment(input);
        counter("concierge.llm.tokens", "direction", "output", "source", source).increment(output);
    }

    void failure(String reason) {
        counter("concierge.llm.failures", "reason", reason).increment();
    }

    void fallback(String reason) {
        counter("concierge.llm.fallbacks", "reason", reason).increment();
    }

    void repair(String outcome) {
        counter("concierge.llm.repairs", "outcome", outcome).increment();
    }

    void pickDropped(String reason) {
        counter("concierge.llm.picks.dropped", "reason", reason).increment();
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }
}
