package dev.concierge.channel;

import dev.concierge.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-user turn limits, counted in Redis: 429 + Retry-After after the burst, recovered after the window. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBurst.class)
class RateLimitTest {

    public static class SmallBurst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concierge.rate-limit.turns", "3", "concierge.rate-limit.window", "PT6S");
        }
    }

    private static Response say(String auth, String cid, String text) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/api/v1/conversations/" + cid + "/messages");
    }

    /** A first turn warms the engine, so the burst below fits well inside the window on a slow machine. */
    @org.junit.jupiter.api.BeforeEach
    void warmUp() {
        String auth = Tokens.bearer(Tokens.freshUser("rlwarm"));
        String cid = given().header("Authorization", auth).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        say(auth, cid, "Recommend a comedy").then().statusCode(200);
    }

    @Test
    void restAnswers429AfterTheBurstAndRecoversAfterTheWindow() throws Exception {
        String auth = Tokens.bearer(Tokens.freshUser("rl"));
        String cid = given().header("Authorization", auth).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        for (int i = 0; i < 3; i++) {
            say(auth, cid, "Recommend a comedy").then().statusCode(200);
        }
        Response limited = say(auth, cid, "Recommend a comedy");
        limited.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 6, "Retry-After " + retryAfter);
        // the rejected turn changed nothing: 3 turns, 6 messages
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then()
                .body("size()", equalTo(6));
        Thread.sleep(retryAfter * 1000L + 200);
        say(auth, cid, "Recommend a comedy").then().statusCode(200);
        // another user is not affected by this one's burst
        String other = Tokens.bearer(Tokens.freshUser("rl2"));
        String cid2 = given().header("Authorization", other).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        say(other, cid2, "Recommend a comedy").then().statusCode(200);
    }

    @Test
    void aResentMessageIsAnsweredAgainWithoutCountingAgainstTheLimit() {
        String auth = Tokens.bearer(Tokens.freshUser("rlre"));
        String cid = given().header("Authorization", auth).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/conversations").then().statusCode(201).extract().path("id");
        String first = send(auth, cid, "k0").then().statusCode(200).extract().path("messageId");
        send(auth, cid, "k1").then().statusCode(200);
        // a client that lost an answer sends the message again: it gets the same Turn, and no turn is counted
        for (int retry = 0; retry < 2; retry++) {
            send(auth, cid, "k0").then().statusCode(200).body("messageId", equalTo(first));
        }
        send(auth, cid, "k2").then().statusCode(200);
        send(auth, cid, "k3").then().statusCode(429);
        // over the limit, an answered message is still answered
        send(auth, cid, "k0").then().statusCode(200).body("messageId", equalTo(first));
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then()
                .body("size()", equalTo(6));
    }

    private static Response send(String auth, String cid, String clientMessageId) {
        return given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("text", "Recommend a comedy", "clientMessageId", clientMessageId))
                .when().post("/api/v1/conversations/" + cid + "/messages");
    }

    @Test
    void theSocketGetsAnErrorFrameAndStaysOpen() throws Exception {
        String token = Tokens.tokenFor(Tokens.freshUser("rlws"));
        ChatSocketTest.Client c = new ChatSocketTest.Client();
        java.net.URI uri = java.net.URI.create(io.restassured.RestAssured.baseURI.replaceFirst("^http", "ws") + ":"
                + io.restassured.RestAssured.port + "/ws/chat?access_token=" + token);
        c.socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).join();
        for (int i = 0; i < 3; i++) {
            c.send(Map.of("type", "user_message", "clientMessageId", "r" + i, "text", "Recommend a comedy"));
            var frames = c.turn();
            assertEquals("turn", frames.get(frames.size() - 1).path("type").asText());
        }
        c.send(Map.of("type", "user_message", "clientMessageId", "r3", "text", "Recommend a comedy"));
        var err = c.next();
        assertEquals("error", err.path("type").asText());
        assertEquals("rate_limited", err.path("code").asText());
        Thread.sleep(6200);
        c.send(Map.of("type", "user_message", "clientMessageId", "r4", "text", "Recommend a comedy"));
        var frames = c.turn();
        assertEquals("turn", frames.get(frames.size() - 1).path("type").asText());
    }
}
