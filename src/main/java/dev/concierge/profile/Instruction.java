package dev.concierge.profile;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A standing instruction ("stated", written by the user) or a preference learned from chat ("learned").
 * Versioned: an update writes version n+1 under the same id and keeps version n in history.
 * A contradicting learned preference gets a new id whose {@code supersedes} names the one it replaced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Instruction(String id, String text, String origin, String domain, String polarity,
                          String condition, String status, int version, String supersedes, Source source,
                          Double confidence, Instant createdAt, Instant updatedAt) {

    public static final String STATED = "stated";
    public static final String LEARNED = "learned";
    public static final String PREFER = "prefer";
    public static final String AVOID = "avoid";
    public static final String NEUTRAL = "neutral";
    public static final String ACTIVE = "active";
    public static final String SUPERSEDED = "superseded";
    public static final String DELETED = "deleted";

    /** Where a learned instruction came from: a conversation and message, or the index in an extract call. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String conversationId, String messageId) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isActive() {
        return ACTIVE.equals(status);
    }
}
