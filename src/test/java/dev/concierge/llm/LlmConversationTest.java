package dev.concierge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concierge.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole turns with the LLM on (the fake OpenAI-compatible server plays the model): a standing "no horror"
 * holds at turn 30, the prompt stays flat as the conversation grows, and invented ids never reach the user.
 */
@QuarkusTest
@TestProfile(LlmConversationTest.WithCatalog.class)
class LlmConversationTest {

    /** The LLM profile, with the catalog loaded: these turns recommend real items. */
    public static class WithCatalog extends LlmTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(super.getConfigOverrides());
            m.put("concierge.catalog.load-on-start", "true");
            m.put("concierge.llm.reply-timeout", "10s");
            m.put("concierge.llm.first-token-timeout", "5s");
            return m;
        }
    }

    private static final Pattern ACT = Pattern.compile("act: (\\w+)");
    private static final Pattern ITEM = Pattern.compile("\"itemId\":\"([^\"]+)\"");

    /** A model that follows the decision, picks the first candidate, and also invents an item. */
    static final FakeOpenAiServer.Behaviour OBEDIENT = (ex, req, srv) -> {
        List<JsonNode> msgs = new java.util.ArrayList<>();
        req.path("messages").forEach(msgs::add);
        String user = msgs.get(msgs.size() - 1).path("content").asText();
        Matcher act = ACT.matcher(user);
        String decided = act.find() ? act.group(1) : "answer";
        Matcher item = ITEM.matcher(user);
        String picks = "[]";
        if ("recommend".equals(decided) && item.find()) {
            picks = "[{\"itemId\":\"" + item.group(1) + "\",\"reason\":\"It fits what you asked.\"},"
                    + "{\"itemId\":\"999999999\",\"reason\":\"An invented film.\"}]";
        }
        String content = "{\"act\":\"" + decided + "\",\"text\":\"Here is my answer for you, from the model.\",\"picks\":" + picks + "}";
        if (req.path("stream").asBoolean(false)) {
            srv.stream(ex, FakeOpenAiServer.split(content, 6), true);
        } else {
            srv.complete(ex, content, true);
        }
    };

    @BeforeEach
    void obedientModel() {
        FakeOpenAiResource.server.reset();
        FakeOpenAiResource.server.always(OBEDIENT);
    }

    private static Response say(String auth, String cid, String text) {
        Response r = given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/api/v1/conversations/" + cid + "/messages");
        r.then().statusCode(200);
        return r;
    }

    private static int promptChars(FakeOpenAiServer.Recorded r) {
        int n = 0;
        for (JsonNode m : r.messages()) {
            n += m.path("content").asText().length();
        }
        return n;
    }

    @Test
    void noHorrorFromTurnOneHoldsAtTurnThirtyWithAFlatPrompt() {
        String auth = Tokens.bearer(Tokens.freshUser("llm30"));
        String cid = given().header("Authorization", auth).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        say(auth, cid, "I can't stand horror movies.");
        String[] asks = {"Recommend a thriller", "Something with Jack Nicholson", "Any film from the 80s?",
                "I like Stephen King stories", "What else do you have?"};
        int turn2Prompt = -1;
        int turn30Prompt = -1;
        String turn2Act = null;
        String turn30Act = null;
        // turns 2 and 30 ask the same thing, so their prompts differ only by what the conversation added
        String same = "Recommend a thriller from the 80s with Jack Nicholson";
        Map<String, Integer> firstSize = new HashMap<>();
        Map<String, Integer> firstTurn = new HashMap<>();
        boolean sawLlmRecommendation = false;
        for (int turn = 2; turn <= 30; turn++) {
            int before = FakeOpenAiResource.server.chatCount();
            Response r = say(auth, cid, turn == 2 || turn == 30 ? same : asks[turn % asks.length]);
            List<FakeOpenAiServer.Recorded> calls = FakeOpenAiResource.server.chatRequests();
            assertTrue(calls.size() > before, "turn " + turn + " asked the model");
            int size = promptChars(calls.get(calls.size() - 1));
            if (turn == 2) {
                turn2Prompt = size;
                turn2Act = r.path("act");
            }
            firstSize.putIfAbsent(r.path("act"), size);
            firstTurn.putIfAbsent(r.path("act"), turn);
            if (turn == 30) {
                turn30Prompt = size;
                turn30Act = r.path("act");
            }
            List<String> ids = r.path("recommendations.itemId");
            assertFalse(ids.contains("999999999"), "an invented id reached the user at turn " + turn);
            for (String id : ids) {
                List<String> genres = given().when().get("/api/v1/catalog/items/" + id).then().statusCode(200)
                        .extract().path("attributes.genres");
                assertFalse(genres.contains("horror"), "turn " + turn + " recommended horror " + id);
            }
            if (!ids.isEmpty() && Boolean.FALSE.equals(r.path("degraded"))) {
                sawLlmRecommendation = true;
            }
        }
        assertTrue(sawLlmRecommendation, "the model's own picks were used at least once");
        // compare like with like: turn 30 against the earliest turn of the same kind (a recommend turn carries
        // the catalog candidates, a clarify turn does not)
        // every turn's prompt has the same shape (rules, window, instructions, candidates), whatever its act
        // tokens ~ chars/4 for both; the ratio is what matters
        assertTrue(turn30Prompt <= 1.5 * turn2Prompt,
                "prompt grew from " + turn2Prompt + " to " + turn30Prompt + " characters");
        System.out.printf("LLM prompt size: turn 2 (" + turn2Act + ") = %d chars (~%d tokens), turn 30 (" + turn30Act + ") = %d chars (~%d tokens)%n",
                turn2Prompt, turn2Prompt / 4, turn30Prompt, turn30Prompt / 4);
    }
}
