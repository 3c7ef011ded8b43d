package dev.concierge.llm;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** LLM on, pointed at the fake server, with timeouts and breaker settings short enough for tests. */
public class LlmTestProfile implements QuarkusTestProfile {

    static final long FIRST_TOKEN_MS = 750;
    static final long REPLY_TIMEOUT_MS = 3000;
    static final long BREAKER_DELAY_MS = 1000;
    static final int WINDOW = 6;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("concierge.llm.enabled", "true"),
                // other suites may be running on this machine: take any free port
                Map.entry("quarkus.http.test-port", "0"),
                Map.entry("concierge.llm.api-key", "test-key"),
                Map.entry("concierge.llm.http-timeout", "5s"),
                Map.entry("concierge.llm.model", "fake-model"),
                Map.entry("concierge.llm.first-token-timeout", FIRST_TOKEN_MS + "ms"),
                Map.entry("concierge.llm.reply-timeout", REPLY_TIMEOUT_MS + "ms"),
                Map.entry("concierge.llm.retries", "1"),
                Map.entry("concierge.llm.retry-delay", "10ms"),
                Map.entry("concierge.llm.window-messages", String.valueOf(WINDOW)),
                Map.entry("concierge.llm.circuit-breaker.request-volume", "4"),
                Map.entry("concierge.llm.circuit-breaker.failure-ratio", "1.0"),
                Map.entry("concierge.llm.circuit-breaker.delay", BREAKER_DELAY_MS + "ms"),
                Map.entry("concierge.llm.health.timeout", "1s"),
                // the catalog is not needed by these tests
                Map.entry("concierge.catalog.load-on-start", "false"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeOpenAiResource.class));
    }
}
