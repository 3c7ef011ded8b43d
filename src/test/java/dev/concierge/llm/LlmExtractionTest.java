package dev.concierge.llm;

import dev.concierge.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Learning from chat with the LLM on: structured extraction, grounded in the message, rules as the fallback. */
@QuarkusTest
@TestProfile(LlmTestProfile.class)
class LlmExtractionTest {

    @Inject
    MeterRegistry metrics;

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

    private double earlyStatements() {
        return metrics.counter("concierge.extraction.early.statements").count();
    }

    private static List<Float> scores(String auth, String query) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("query", query))
                .when().post("/api/v1/me/instructions/search").then().statusCode(200).extract().path("score");
    }

    @Test
    void aTurnStartsItsEmbeddingsWhileTheModelStillWritesAndLearnsTheSameInstruction() {
        // the statement's text is whole in the first piece; the rest of the answer waits until the service has seen it
        double before = earlyStatements();
        AtomicBoolean seenWhileWriting = new AtomicBoolean();
        Runnable waitForTheService = () -> {
            long until = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < until && !seenWhileWriting.get()) {
                seenWhileWriting.set(earlyStatements() > before);
                Thread.onSpinWait();
            }
        };
        FakeOpenAiServer.Behaviour extraction = FakeOpenAiServer.streamWithPause(
                "{\"statements\":[{\"text\":\"I hate horror movies\",", waitForTheService,
                "\"polarity\":\"avoid\",\"domain\":null,\"condition\":null,\"subject\":\"horror\"}]}");
        FakeOpenAiServer.Behaviour reply = FakeOpenAiServer.reply(FakeOpenAiServer.defaultAnswer());
        FakeOpenAiResource.server.always((ex, req, srv) -> (req.toString().contains("You extract") ? extraction : reply)
                .handle(ex, req, srv));
        String learner = Tokens.bearer(Tokens.freshUser("early"));
        String cid = given().header("Authorization", learner).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        given().header("Authorization", learner).contentType(ContentType.JSON)
                .body(Map.of("text", "I hate horror movies, what should I watch tonight?"))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(200)
                .body("learned", hasSize(1)).body("learned[0].text", equalTo("I hate horror movies"));
        assertTrue(seenWhileWriting.get(), "the statement was seen, and its embeddings started, before the stream ended");

        // the same text stated directly is embedded after the fact: both rank alike, so the early vectors are the text's
        String stater = Tokens.bearer(Tokens.freshUser("direct"));
        given().header("Authorization", stater).contentType(ContentType.JSON).body(Map.of("text", "I hate horror movies"))
                .when().post("/api/v1/me/instructions").then().statusCode(201);
        for (String query : List.of("a scary film for tonight", "dinner in Rome", "I hate horror movies")) {
            assertEquals(scores(stater, query), scores(learner, query), query);
        }
    }

    @Test
    void aTeachingTurnOfAUserWithInstructionsEmbedsItsMessageOnce() {
        // the retrieval (the user has an instruction) and the learning both need the message's vector: one embedding
        FakeOpenAiServer.Behaviour extraction = FakeOpenAiServer.reply("{\"statements\":[{\"text\":\"I hate horror movies\","
                + "\"polarity\":\"avoid\",\"domain\":null,\"condition\":null,\"subject\":\"horror\"}]}");
        FakeOpenAiServer.Behaviour reply = FakeOpenAiServer.reply(FakeOpenAiServer.defaultAnswer());
        FakeOpenAiResource.server.always((ex, req, srv) -> (req.toString().contains("You extract") ? extraction : reply)
                .handle(ex, req, srv));
        String auth = Tokens.bearer(Tokens.freshUser("once"));
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "I'm vegetarian"))
                .when().post("/api/v1/me/instructions").then().statusCode(201);
        String cid = given().header("Authorization", auth).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        double before = embeddings();
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("text", "I hate horror movies, what should I watch tonight?"))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(200)
                .body("learned", hasSize(1));
        assertEquals(2.0, embeddings() - before, "the message and the statement, each embedded once");
    }

    private double embeddings() {
        return metrics.counter("concierge.embeddings").count();
    }

    @Test
    void everyCallOfATurnNamesItsUserByAPseudonymOnly() {
        String user = Tokens.freshUser("pseudo");
        String auth = Tokens.bearer(user);
        String cid = given().header("Authorization", auth).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "I'd like a movie for tonight"))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(200);
        List<FakeOpenAiServer.Recorded> calls = FakeOpenAiResource.server.chatRequests();
        assertEquals(2, calls.size(), "the extraction and the reply");
        for (FakeOpenAiServer.Recorded call : calls) {
            assertEquals(ChatRequests.pseudonym(user), call.body().path("user").asText(), call.body().toString());
            assertFalse(call.body().toString().contains(user), "the user id itself never reaches the LLM");
        }
        assertEquals(32, ChatRequests.pseudonym(user).length());
    }
}
