package dev.concierge.security;

import dev.concierge.error.ApiException;
import dev.concierge.profile.ProfileKeys;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A fixed-window counter per user in Redis ({@code cc:{U}:rl:turns}), counted and started by one atomic script, so
 * every replica sees the same count. The count is taken in the script that starts a turn
 * ({@code ConversationStore.start}): one round trip instead of one more. Over the limit: 429 with Retry-After.
 */
@ApplicationScoped
public class RateLimiter {

    /** Where a user's turns are counted, over which window, and how many it allows. */
    public record Window(String key, long windowMs, int limit) {
    }

    private final RateLimitConfig config;

    RateLimiter(RateLimitConfig config) {
        this.config = config;
    }

    public Window turns(String userId) {
        return new Window(ProfileKeys.prefix(userId) + "rl:turns", config.window().toMillis(), config.turns());
    }

    /** The 429 for a user over the limit, whose window ends in {@code windowLeftMs}. */
    public ApiException exceeded(long windowLeftMs) {
        long retry = Math.max(1, (windowLeftMs + 999) / 1000);
        return ApiException.tooManyRequests("More than " + config.turns() + " turns in "
                + config.window().toSeconds() + " s; retry in " + retry + " s", retry);
    }
}
