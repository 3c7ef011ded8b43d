package dev.concierge.profile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and tuning of the per-user instruction profile. */
@ConfigMapping(prefix = "concierge.profile")
public interface ProfileConfig {

    /** Longest instruction text accepted (413 beyond). */
    @WithDefault("500")
    int maxInstructionChars();

    /** Active instructions a user may have (409 beyond). */
    @WithDefault("200")
    int maxActive();

    /** Messages one extract call may carry. */
    @WithDefault("200")
    int maxExtractMessages();

    /** Longest message text accepted anywhere (413 beyond). */
    @WithDefault("4000")
    int maxMessageChars();

    /** Largest k a search may ask for. */
    @WithDefault("200")
    int maxSearchK();

    /** Optimistic-concurrency attempts for one profile write before giving up with 503. */
    @WithDefault("100")
    int writeAttempts();
}
