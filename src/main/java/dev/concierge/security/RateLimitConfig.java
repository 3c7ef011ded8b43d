package dev.concierge.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Per-user rate limits. Counted in Redis, so they hold across replicas. */
@ConfigMapping(prefix = "concierge.rate-limit")
public interface RateLimitConfig {

    /** Chat turns a user may start per window (REST, SSE and WebSocket together). */
    @WithDefault("30")
    int turns();

    /** The window the burst is counted over. */
    @WithDefault("PT60S")
    Duration window();
}
