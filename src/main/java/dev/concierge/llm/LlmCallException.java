package dev.concierge.llm;

/**
 * Why the LLM gave no usable reply. {@code reason} is a metric tag (first_token_timeout, reply_timeout,
 * http_error, malformed, act_mismatch, no_valid_pick, abandoned). Only a call failure before anything was streamed
 * to the user is {@code retryable}; only call failures count for the circuit breaker.
 */
public class LlmCallException extends RuntimeException {

    private final String reason;
    private final boolean retryable;

    LlmCallException(String reason, String message, boolean retryable, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
        this.retryable = retryable;
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
