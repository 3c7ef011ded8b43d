package dev.concierge.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * How a chat turn gets its wording: the OpenAI-compatible server and model ({@link LlmModels}), and the product's
 * side (timeouts, retries, prompt size, circuit breaker).
 */
@ConfigMapping(prefix = "concierge.llm")
public interface LlmConfig {

    /** Use the LLM to word replies. Off: every reply comes from the offline templates ({@code degraded=true}). */
    @WithDefault("false")
    boolean enabled();

    /** The OpenAI-compatible API, up to and including its version path (vLLM: {@code http://host:8000/v1}). */
    @WithDefault("http://localhost:8000/v1")
    String baseUrl();

    /** Bearer key of the API (vLLM's {@code --api-key}); none when the server asks for none. */
    Optional<String> apiKey();

    /** The model name the server serves (vLLM: the {@code --model} or {@code --served-model-name}). */
    @WithDefault("Qwen/Qwen2.5-7B-Instruct")
    String model();

    @WithDefault("0.3")
    double temperature();

    /** Most tokens of one answer. */
    @WithDefault("600")
    int maxTokens();

    /** HTTP backstop of one call (connect and between two reads); first-token-timeout and reply-timeout act first. */
    @WithDefault("60s")
    Duration httpTimeout();

    /** Keep-alive connections to the LLM server per event loop; a call beyond them waits for one. */
    @WithDefault("1024")
    int maxConnections();

    /** Longest wait for the model's first streamed chunk; then the attempt fails (and may be retried). */
    @WithDefault("8s")
    Duration firstTokenTimeout();

    /** Longest time one reply may take end to end (all attempts and the repair call); then offline. */
    @WithDefault("45s")
    Duration replyTimeout();

    /** Extra attempts after a failure, only while nothing has been streamed to the user yet. */
    @WithDefault("1")
    int retries();

    /** Pause before a retry. */
    @WithDefault("200ms")
    Duration retryDelay();

    /** Ask the server for a JSON object ({@code response_format: json_object}); vLLM and OpenAI support it. */
    @WithDefault("true")
    boolean jsonMode();

    /**
     * Send each call's end user as a pseudonym (the OpenAI API's {@code user}: a SHA-256 of the user id), so the
     * provider can tell users apart for abuse monitoring and per-user accounting without learning who they are.
     */
    @WithDefault("true")
    boolean sendEndUser();

    /** How many of the most recent conversation messages go into the prompt (keeps input tokens flat). */
    @WithDefault("8")
    int windowMessages();

    /** Longest single window message put in the prompt, in characters (longer ones are cut). */
    @WithDefault("1000")
    int maxMessageChars();

    /** Picks per reply when the request does not say. */
    @WithDefault("3")
    int maxPicks();

    /** Most candidates shown to the model (best first). */
    @WithDefault("12")
    int maxCandidates();

    /** Circuit breaker around the LLM endpoint. */
    CircuitBreaker circuitBreaker();

    /** Readiness check of the LLM endpoint (only registered as UP/DOWN when {@link #enabled()}). */
    Health health();

    interface CircuitBreaker {
        /** Size of the rolling window of calls the failure ratio is computed on. */
        @WithDefault("4")
        int requestVolume();

        /** Failure ratio in the window that opens the circuit (1.0: all calls of the window failed). */
        @WithDefault("0.75")
        double failureRatio();

        /** How long the circuit stays open before one trial call is let through (half-open). */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial calls that close the circuit again. */
        @WithDefault("1")
        int successThreshold();
    }

    interface Health {
        /** Timeout of {@code GET {base-url}/models}. */
        @WithDefault("2s")
        Duration timeout();
    }
}
