package dev.concierge.security;

import dev.concierge.error.ApiException;
import dev.concierge.profile.ProfileKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A fixed-window counter per user in Redis ({@code cc:{U}:rl:turns}): one atomic script counts the call and
 * starts the window, so every replica sees the same count. Over the limit: 429 with Retry-After.
 */
@ApplicationScoped
public class RateLimiter {

    // returns {count, remaining ms of the window}
    private static final String HIT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {n, ttl}""";

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;

    RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Counts one turn of the user; fails with a 429 ApiException when over the limit. */
    public Uni<Void> turn(String userId) {
        return redis.execute("EVAL", HIT, "1", ProfileKeys.prefix(userId) + "rl:turns",
                Long.toString(config.window().toMillis())).map(r -> {
            long count = r.get(0).toLong();
            long ttlMs = r.get(1).toLong();
            if (count > config.turns()) {
                long retry = Math.max(1, (ttlMs + 999) / 1000);
                throw ApiException.tooManyRequests("More than " + config.turns() + " turns in "
                        + config.window().toSeconds() + " s; retry in " + retry + " s", retry);
            }
            return null;
        });
    }
}
