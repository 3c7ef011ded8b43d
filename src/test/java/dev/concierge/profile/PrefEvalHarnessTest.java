package dev.concierge.profile;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs the offline B1/B2 harness through Maven. Skipped unless -Dharness=true:
 * {@code ./mvnw -B -q test -Dtest=PrefEvalHarnessTest -Dharness=true [-Dharness.args="b1 b2 speed"]}
 */
@Tag("harness")
class PrefEvalHarnessTest {
    @Test
    @EnabledIfSystemProperty(named = "harness", matches = "true")
    void run() throws Exception {
        String args = System.getProperty("harness.args", "b1 b2 speed");
        PrefEvalHarness.main(args.trim().split("\\s+"));
    }
}
