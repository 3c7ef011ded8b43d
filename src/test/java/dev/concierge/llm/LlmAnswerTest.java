package dev.concierge.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing of the model's JSON: strict about the schema, lenient about wrapping. */
class LlmAnswerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parsesTheSchemaEvenInACodeFence() {
        LlmAnswer a = LlmAnswer.parse("```json\n{\"act\":\"recommend\",\"text\":\"Try Alien.\",\"picks\":"
                + "[{\"itemId\":\"m2\",\"reason\":\"tense\"},{\"itemId\":42}]}\n```", JSON).orElseThrow();
        assertEquals("recommend", a.act());
        assertEquals("Try Alien.", a.text());
        assertEquals(List.of(new Pick("m2", "tense"), new Pick("42", "")), a.picks());
    }

    @Test
    void picksMayBeMissing() {
        assertEquals(List.of(), LlmAnswer.parse("{\"act\":\"answer\",\"text\":\"Hi\"}", JSON).orElseThrow().picks());
    }

    @Test
    void rejectsWhatDoesNotFollowTheSchema() {
        for (String bad : List.of("", "no json at all", "{\"act\":\"recommend\",\"text\":\"x\",\"picks\":[{\"itemId\":",
                "{\"act\":\"dance\",\"text\":\"x\"}", "{\"act\":\"answer\"}", "{\"act\":\"answer\",\"text\":\" \"}",
                "{\"act\":\"answer\",\"text\":7}", "{\"act\":\"answer\",\"text\":\"x\",\"picks\":\"m1\"}",
                "{\"act\":\"answer\",\"text\":\"x\",\"picks\":[\"m1\"]}", "[{\"act\":\"answer\"}]")) {
            assertTrue(LlmAnswer.parse(bad, JSON).isEmpty(), bad);
        }
    }
}
