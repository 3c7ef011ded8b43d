package dev.concierge.dialogue;

/**
 * Streams a reply's text in pieces of at least {@code minChars}, or whatever arrived once {@code maxDelayNanos}
 * passed since the last piece. An LLM sends a token (~4 characters) per chunk, and a frame per token costs the
 * server and every client more than a reader gains (25 frames a second already read as smooth). The first piece
 * goes out at once, so the time to the first words is unchanged; no timer runs: a short tail leaves with the next
 * chunk or before the turn frame. One per reply, used from one stream: not thread-safe.
 */
final class TokenBatcher {

    private final int minChars;
    private final long maxDelayNanos;
    private final StringBuilder pending = new StringBuilder();
    private long lastSent;
    private boolean sentAny;

    TokenBatcher(int minChars, long maxDelayNanos) {
        this.minChars = minChars;
        this.maxDelayNanos = maxDelayNanos;
    }

    /** The piece to send now, or null to keep collecting. */
    String offer(String text, long nowNanos) {
        pending.append(text);
        if (pending.isEmpty() || (sentAny && pending.length() < minChars && nowNanos - lastSent < maxDelayNanos)) {
            return null;
        }
        sentAny = true;
        lastSent = nowNanos;
        return take();
    }

    /** What is still held back (null when nothing): sent before the turn ends. */
    String drain() {
        return pending.isEmpty() ? null : take();
    }

    private String take() {
        String piece = pending.toString();
        pending.setLength(0);
        return piece;
    }
}
