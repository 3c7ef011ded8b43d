package dev.concierge.llm;

import dev.concierge.eval.Api;
import dev.concierge.eval.Chat;
import dev.concierge.eval.Metrics;
import dev.concierge.eval.Parallel;
import dev.concierge.eval.Scenario;
import dev.concierge.eval.Scenarios;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated users against the service in LLM mode (the fake OpenAI-compatible server, which also invents
 * an item in every recommendation): expectations still hold, nothing invented reaches a user, and the runner
 * measures the LLM tokens per turn from the service's metrics.
 */
@QuarkusTest
@TestProfile(LlmConversationTest.WithCatalog.class)
class LlmScenariosTest {

    static final List<String> IDS = List.of("plain-nohorror-thriller", "none-vague-action-willis", "override-horror-tonight");

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void obedientModel() {
        FakeOpenAiResource.server.reset();
        FakeOpenAiResource.server.always(LlmConversationTest.OBEDIENT);
    }

    @Test
    void scenariosHoldInLlmModeAndTokensPerTurnAreMeasured() {
        Parallel.ABORTED.set(false);
        List<Scenario> list = Scenario.loadDir("conversations/scenarios", new LinkedHashSet<>(IDS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Scenarios.Run run = new Scenarios(new Api(root.toString().replaceAll("/$", ""), Duration.ofSeconds(30)),
                new PrintStream(out, true, StandardCharsets.UTF_8), 1, Chat.Transport.REST, null).execute(list, 1, null);
        System.out.println(out.toString(StandardCharsets.UTF_8));
        Metrics m = run.metrics();
        assertEquals(IDS.size(), m.n());
        assertEquals(0, run.failedScenarios(), run.summary());
        assertEquals(0, m.violations(), run.summary());
        assertEquals(0, m.ooc(), "the model's invented item never reached a user: " + run.summary());
        assertTrue(m.degradedTurns() < m.turns(), "the model answered: " + run.summary());
        assertNotNull(m.serviceLlmTokensPerTurn(), run.summary());
        assertTrue(m.serviceLlmTokensPerTurn() > 0, run.summary());
        assertTrue(FakeOpenAiResource.server.chatCount() >= m.turns() - m.degradedTurns(), "every answered turn asked the model");
    }
}
