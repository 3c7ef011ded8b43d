package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmUserTest {
    static final Scenario S = Scenario.parse(Api.JSON.createObjectNode().put("id", "x").put("phenomenon", "none")
        .put("opening", "hi").put("persona", "night-shift nurse").<com.fasterxml.jackson.databind.node.ObjectNode>set("target",
            Api.JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("genres", Api.JSON.createArrayNode().add("action"))
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("stars", Api.JSON.createArrayNode().add("Bruce Willis"))
                .put("yearFrom", 1980).put("yearTo", 1989))
        .set("expect", Api.JSON.createObjectNode().put("maxTurns", 3)), "test");

    private static LlmUser user(List<String> titles) {
        return new LlmUser(new UserLlm("http://127.0.0.1:9", "m", null, java.time.Duration.ofSeconds(1)),
            new SimUser(S.target(), 1, S.id()), S, titles, 1);
    }

    @Test
    void aTargetTitleIsCaughtAsWholeWordsWhateverTheCaseAccentsOrPunctuation() {
        LlmUser u = user(List.of("Die Hard (1988)", "Léon: The Professional (1994)", "It"));
        assertEquals("die hard", u.leakedTitle("Maybe something like DIE-HARD?"));
        assertEquals("leon the professional", u.leakedTitle("I loved Leon the Professional."));
        assertNull(u.leakedTitle("Something with Bruce Willis from the eighties, it should be hard-hitting."),
            "a two-letter title is never matched, and 'hard' alone is not 'die hard'");
        assertNull(u.leakedTitle("I'd rather not die hardly."));
    }

    @Test
    void thePromptCarriesPersonaAndAttributesButNoTitle() {
        String p = user(List.of("Die Hard (1988)")).systemPrompt();
        assertTrue(p.contains("night-shift nurse") && p.contains("genres action") && p.contains("starring Bruce Willis")
            && p.contains("between 1980 and 1989"), p);
        assertFalse(p.toLowerCase().contains("die hard"), p);
    }
}
