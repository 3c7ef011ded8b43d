package dev.concierge.llm;

import dev.concierge.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Learning from chat with the LLM on: structured extraction, grounded in the message, rules as the fallback. */
@QuarkusTest
@TestProfile(LlmTestProfile.class)
class LlmExtractionTest {

    @BeforeEach
    void reset() {
        FakeOpenAiResource.server.reset();
    }

    private static io.restassured.response.ValidatableResponse extract(String auth, String text) {
        return given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(Map.of("role", "user", "text", text))))
                .when().post("/api/v1/me/instructions/extract").then().statusCode(200);
    }

    @Test
    void theModelsStatementsAreLearned() {
        FakeOpenAiResource.server.always(FakeOpenAiServer.reply("{\"statements\":[{\"text\":\"I am allergic to shellfish\","
                + "\"polarity\":\"avoid\",\"domain\":\"food\",\"condition\":null,\"subject\":\"shellfish\"}]}"));
        String auth = Tokens.bearer(Tokens.freshUser("llmx"));
        extract(auth, "Oh and by the way, I am allergic to shellfish, so keep that in mind for dinner ideas")
                .body("added", hasSize(1)).body("added[0].text", equalTo("I am allergic to shellfish"))
                .body("added[0].polarity", equalTo("avoid")).body("added[0].origin", equalTo("learned"))
                .body("added[0].source.messageId", equalTo("0"));
        assertTrue(FakeOpenAiResource.server.chatCount() >= 1, "the model was asked");
    }

    @Test
    void anInventedPreferenceIsDropped() {
        FakeOpenAiResource.server.always(FakeOpenAiServer.reply("{\"statements\":[{\"text\":\"I love skydiving over volcanoes\","
                + "\"polarity\":\"prefer\",\"domain\":\"travel\",\"subject\":\"skydiving\"}]}"));
        String auth = Tokens.bearer(Tokens.freshUser("llmfake"));
        extract(auth, "What is the weather like in Lisbon in May?").body("added", hasSize(0));
    }

    @Test
    void aFailingModelFallsBackToTheRules() {
        FakeOpenAiResource.server.always(FakeOpenAiServer.status(500));
        String auth = Tokens.bearer(Tokens.freshUser("llmdown"));
        extract(auth, "I'm vegetarian.").body("added", hasSize(1))
                .body("added[0].text", org.hamcrest.Matchers.containsStringIgnoringCase("vegetarian"));
    }
}
