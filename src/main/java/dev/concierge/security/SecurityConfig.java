package dev.concierge.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Identity settings. Token verification itself is smallrye-jwt's (mp.jwt.verify.*). */
@ConfigMapping(prefix = "concierge.security")
public interface SecurityConfig {

    /** Whether POST /api/v1/dev/token issues tokens signed by the bundled dev key (demo, dev, test only). */
    @WithDefault("false")
    boolean devTokens();

    /** Lifetime of a dev token. */
    @WithDefault("PT12H")
    Duration devTokenTtl();
}
