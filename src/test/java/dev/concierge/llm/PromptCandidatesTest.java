package dev.concierge.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reply prompt's catalog block: one compact JSON object a line per candidate, byte for byte what Jackson prints for
 * the candidate's tree (the format LLMs were prompted with, and that the load test's fake reads ids from), for names
 * that need escaping, characters beyond ASCII, a missing year, more than six people and a blank reason.
 */
@QuarkusTest
class PromptCandidatesTest {

    @Inject
    ObjectMapper json;

    @Inject
    LlmConfig config;

    @Test
    void eachCandidateIsOneLineOfItsJson() {
        List<CandidateItem> candidates = List.of(
                new CandidateItem("m1", "Am\u00e9lie \"Le Fabuleux\" \\ </script> \ud83c\udfac", 2001,
                        List.of("Comedy", "Romance"), List.of("Audrey Tautou"),
                        "Because you liked \"Chocolat\"\nand Paris"),
                new CandidateItem("m2", "No Year", null, List.of(),
                        List.of("A", "B", "C", "D", "E", "F", "G", "H"), " "),
                new CandidateItem("m3", "Bell\u0007 <<<here>>>", 1999, List.of("Drama"), List.of(), null));
        ReplyRequest request = new ReplyRequest("something good", List.of(), ReplyRequest.RECOMMEND, null, candidates,
                3, List.of(), List.of(), "u1");

        List<ChatMessage> messages = new PromptBuilder(json, config).messages(request);
        String prompt = ((UserMessage) messages.get(messages.size() - 1)).singleText();
        String block = prompt.substring(prompt.indexOf(PromptBuilder.DATA_OPEN) + PromptBuilder.DATA_OPEN.length() + 1,
                prompt.indexOf(PromptBuilder.DATA_CLOSE));

        List<String> expected = new ArrayList<>();
        for (CandidateItem c : candidates) {
            ObjectNode o = json.createObjectNode();
            o.put("itemId", PromptBuilder.clean(c.itemId()));
            o.put("name", PromptBuilder.clean(c.name()));
            if (c.year() != null) {
                o.put("year", c.year());
            }
            ArrayNode genres = o.putArray("genres");
            c.genres().forEach(g -> genres.add(PromptBuilder.clean(g)));
            ArrayNode people = o.putArray("people");
            c.people().stream().limit(6).forEach(p -> people.add(PromptBuilder.clean(p)));
            if (c.reason() != null && !c.reason().isBlank()) {
                o.put("whyRanked", PromptBuilder.clean(c.reason()));
            }
            expected.add(o.toString());
        }
        assertEquals(String.join("\n", expected) + "\n", block);
    }
}
