package dev.concierge.profile;

import dev.concierge.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ProfileApiTest {

    @Inject
    RedisDataSource redis;

    private static String create(String auth, String text) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/api/v1/me/instructions").then().statusCode(201).extract().path("id");
    }

    private static List<String> activeTexts(String auth) {
        return given().header("Authorization", auth).when().get("/api/v1/me/instructions")
                .then().statusCode(200).extract().path("text");
    }

    @Test
    void withoutATokenEveryPersonalPathIs401ProblemJson() {
        given().when().get("/api/v1/me/instructions").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer not-a-jwt").when().get("/api/v1/me/instructions").then().statusCode(401);
        given().when().delete("/api/v1/me").then().statusCode(401);
    }

    @Test
    void createReadUpdateDeleteWithVersionsAndHistory() {
        String auth = Tokens.bearer(Tokens.freshUser("crud"));
        Response created = given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("text", "No horror movies, please", "domain", "movies"))
                .when().post("/api/v1/me/instructions");
        created.then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith(created.path("id")))
                .body("origin", equalTo("stated")).body("status", equalTo("active")).body("version", equalTo(1))
                .body("polarity", equalTo("avoid")).body("domain", equalTo("movies"));
        String id = created.path("id");

        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "No horror and no gore"))
                .when().put("/api/v1/me/instructions/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("version", equalTo(2)).body("text", equalTo("No horror and no gore"));

        given().header("Authorization", auth).when().get("/api/v1/me/instructions/" + id + "/history").then().statusCode(200)
                .body("version", equalTo(List.of(1, 2))).body("text[0]", equalTo("No horror movies, please"));

        given().header("Authorization", auth).when().delete("/api/v1/me/instructions/" + id).then().statusCode(204);
        assertEquals(List.of(), activeTexts(auth));
        given().header("Authorization", auth).when().get("/api/v1/me/instructions?status=all").then()
                .body("status", equalTo(List.of("deleted")));
        given().header("Authorization", auth).when().delete("/api/v1/me/instructions/" + id).then().statusCode(404);
        given().header("Authorization", auth).when().get("/api/v1/me/instructions/" + id + "/history").then()
                .body("version", equalTo(List.of(1, 2, 3)));
    }

    @Test
    void retiredInstructionsKeepNoRetrievalFeaturesInTheHashEveryTurnReads() {
        String user = Tokens.freshUser("retired");
        String auth = Tokens.bearer(user);
        String deleted = create(auth, "When I book concert tickets, also look for a hotel nearby");
        given().header("Authorization", auth).when().delete("/api/v1/me/instructions/" + deleted).then().statusCode(204);
        String superseded = given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(Map.of("role", "user", "text", "I hate horror movies."))))
                .when().post("/api/v1/me/instructions/extract").path("added[0].id");
        String current = given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(Map.of("role", "user", "text", "Actually I like horror movies now."))))
                .when().post("/api/v1/me/instructions/extract").path("added[0].id");

        Map<String, String> hash = redis.hash(String.class).hgetall(ProfileKeys.instructions(user));
        assertEquals(java.util.Set.of(deleted, superseded, current), hash.keySet());
        for (String retired : List.of(deleted, superseded)) {
            assertTrue(hash.get(retired).contains("\"features\":null"), retired + " still carries features");
            assertTrue(hash.get(retired).length() < 1000, retired + " is " + hash.get(retired).length() + " characters");
        }
        assertTrue(hash.get(current).contains("\"vector\""), "the active one keeps its features");
        given().header("Authorization", auth).when().get("/api/v1/me/instructions?status=all").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.containsInAnyOrder(deleted, superseded, current));
    }

    @Test
    void sayingTheSameThingTwiceDoesNotPileUp() {
        String auth = Tokens.bearer(Tokens.freshUser("dup"));
        String id = create(auth, "I'm vegetarian");
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "I'm  vegetarian."))
                .when().post("/api/v1/me/instructions").then().statusCode(200).body("id", equalTo(id));
        assertEquals(1, activeTexts(auth).size());
    }

    @Test
    void anotherUsersInstructionIsNotFoundForReadsUpdatesAndDeletes() {
        String alice = Tokens.bearer(Tokens.freshUser("alice"));
        String bob = Tokens.bearer(Tokens.freshUser("bob"));
        String id = create(alice, "I am allergic to peanuts");
        given().header("Authorization", bob).when().get("/api/v1/me/instructions/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", bob).contentType(ContentType.JSON).body(Map.of("text", "hacked"))
                .when().put("/api/v1/me/instructions/" + id).then().statusCode(404);
        given().header("Authorization", bob).when().delete("/api/v1/me/instructions/" + id).then().statusCode(404);
        given().header("Authorization", bob).when().get("/api/v1/me/instructions/" + id + "/history").then().statusCode(404);
        assertEquals(List.of("I am allergic to peanuts"), activeTexts(alice));
    }

    @Test
    void twentyConcurrentUpdatesOfOneUserLoseNothing() throws Exception {
        String auth = Tokens.bearer(Tokens.freshUser("conc"));
        String id = create(auth, "I like jazz");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> given().header("Authorization", auth).contentType(ContentType.JSON)
                        .body(Map.of("text", "I like jazz, take " + n)).when().put("/api/v1/me/instructions/" + id)
                        .statusCode()));
                results.add(pool.submit(() -> given().header("Authorization", auth).contentType(ContentType.JSON)
                        .body(Map.of("text", "Standing rule number " + n)).when().post("/api/v1/me/instructions")
                        .statusCode()));
            }
            for (Future<Integer> f : results) {
                int status = f.get();
                assertTrue(status == 200 || status == 201, "status " + status);
            }
        } finally {
            pool.shutdown();
        }
        // 20 updates -> version 21 with every version in history; 20 creates -> 21 active instructions
        given().header("Authorization", auth).when().get("/api/v1/me/instructions/" + id).then().body("version", equalTo(21));
        given().header("Authorization", auth).when().get("/api/v1/me/instructions/" + id + "/history").then().body("$", hasSize(21));
        assertEquals(21, activeTexts(auth).size());
    }

    @Test
    void limitsAnswer4xxAndChangeNothing() {
        String user = Tokens.freshUser("limits");
        String auth = Tokens.bearer(user);
        String id = create(auth, "I prefer window seats");
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "x".repeat(501)))
                .when().post("/api/v1/me/instructions").then().statusCode(413).body("field", equalTo("text"));
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "y".repeat(501)))
                .when().put("/api/v1/me/instructions/" + id).then().statusCode(413);
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", " "))
                .when().post("/api/v1/me/instructions").then().statusCode(400).body("field", equalTo("text"));
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "ok", "domain", "Bad Domain!"))
                .when().post("/api/v1/me/instructions").then().statusCode(400).body("field", equalTo("domain"));
        given().header("Authorization", auth).when().get("/api/v1/me/instructions?status=bogus").then().statusCode(400)
                .body("field", equalTo("status"));
        assertEquals(List.of("I prefer window seats"), activeTexts(auth));
        given().header("Authorization", auth).when().get("/api/v1/me/instructions/" + id).then().body("version", equalTo(1));
    }

    @Test
    void tooManyActiveInstructionsIs409AndChangesNothing() {
        String auth = Tokens.bearer(Tokens.freshUser("many"));
        for (int i = 0; i < 200; i++) {
            create(auth, "Rule " + i + " of my many rules");
        }
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "one too many"))
                .when().post("/api/v1/me/instructions").then().statusCode(409).contentType("application/problem+json");
        assertEquals(200, activeTexts(auth).size());
    }

    @Test
    void extractionKeepsStatementsAndDropsRequestsWithMessageIndexes() {
        String auth = Tokens.bearer(Tokens.freshUser("extract"));
        List<Map<String, String>> messages = List.of(
                Map.of("role", "user", "text", "I'm vegetarian and I can't stand horror movies."),
                Map.of("role", "assistant", "text", "Noted. I love horror though."),
                Map.of("role", "user", "text", "Can you recommend a good comedy?"),
                Map.of("role", "user", "text", "What time is it in Tokyo?"),
                Map.of("role", "user", "text", "def f(x):\n    return x * 2\nconvert this to Go"));
        Response r = given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("messages", messages))
                .when().post("/api/v1/me/instructions/extract");
        r.then().statusCode(200);
        List<String> sources = r.path("added.source.messageId");
        assertTrue(!sources.isEmpty() && sources.stream().allMatch("0"::equals), "learned only from message 0: " + sources);
        List<String> origins = r.path("added.origin");
        assertTrue(origins.stream().allMatch("learned"::equals));
    }

    @Test
    void aContradictionSupersedesWithALinkInHistory() {
        String auth = Tokens.bearer(Tokens.freshUser("supersede"));
        Response first = given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(Map.of("role", "user", "text", "I hate horror movies."))))
                .when().post("/api/v1/me/instructions/extract");
        String oldId = first.path("added[0].id");
        Response second = given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(Map.of("role", "user", "text", "Actually I like horror movies now."))))
                .when().post("/api/v1/me/instructions/extract");
        second.then().statusCode(200).body("superseded[0].id", equalTo(oldId)).body("added[0].supersedes", equalTo(oldId));
        String newId = second.path("added[0].id");
        given().header("Authorization", auth).when().get("/api/v1/me/instructions").then()
                .body("id", equalTo(List.of(newId)));
        given().header("Authorization", auth).when().get("/api/v1/me/instructions/" + newId + "/history").then()
                .body("id", equalTo(List.of(oldId, oldId, newId))).body("status[1]", equalTo("superseded"));
    }

    @Test
    void eraseMeLeavesNoKeyOfThatUserInRedis() {
        String user = Tokens.freshUser("erase");
        String auth = Tokens.bearer(user);
        String id = create(auth, "I avoid gluten");
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "I avoid all gluten"))
                .when().put("/api/v1/me/instructions/" + id).then().statusCode(200);
        assertTrue(!redis.key().keys(ProfileKeys.prefix(user) + "*").isEmpty());
        given().header("Authorization", auth).when().get("/api/v1/me/export").then().statusCode(200)
                .body("instructions[0].history", hasSize(2));
        given().header("Authorization", auth).when().delete("/api/v1/me").then().statusCode(204);
        assertEquals(List.of(), redis.key().keys(ProfileKeys.prefix(user) + "*"));
        assertEquals(List.of(), activeTexts(auth));
        given().header("Authorization", auth).when().get("/api/v1/me/export").then().body("instructions", hasSize(0))
                .body("userId", notNullValue());
    }
}
