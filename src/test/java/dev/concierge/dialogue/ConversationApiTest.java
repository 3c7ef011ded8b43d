package dev.concierge.dialogue;

import dev.concierge.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConversationApiTest {

    @Inject
    RedisDataSource redis;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    static String conversation(String auth, Object body) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/conversations").then().statusCode(201).body("id", notNullValue())
                .extract().path("id");
    }

    static Response say(String auth, String cid, String text) {
        Response r = given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("text", text)).when().post("/api/v1/conversations/" + cid + "/messages");
        r.then().statusCode(200);
        return r;
    }

    /** States a standing instruction; its id. */
    static String state(String auth, String text) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/api/v1/me/instructions").then().statusCode(201).extract().path("id");
    }

    static List<String> genresOf(String itemId) {
        return given().when().get("/api/v1/catalog/items/" + itemId).then().statusCode(200)
                .extract().path("attributes.genres");
    }

    @Test
    void aVagueRequestGetsOneClarifyingQuestionWithOptions() {
        String auth = Tokens.bearer(Tokens.freshUser("vague"));
        String cid = conversation(auth, Map.of());
        say(auth, cid, "Can you recommend a movie?").then()
                .body("act", equalTo("clarify")).body("clarification.attribute", notNullValue())
                .body("clarification.options", not(hasSize(0))).body("recommendations", hasSize(0))
                .body("degraded", equalTo(true));
    }

    @Test
    void answeringWithStarsRecommendsTheirFilmFromTheCatalog() {
        String auth = Tokens.bearer(Tokens.freshUser("stars"));
        String cid = conversation(auth, Map.of());
        Response first = say(auth, cid, "Can you recommend a movie?");
        String text = "I like Jack Nicholson, Shelley Duvall, Danny Lloyd.";
        Response r = first.path("act").equals("clarify") ? say(auth, cid, text) : first;
        for (int i = 0; i < 3 && "clarify".equals(r.path("act")); i++) {
            r = say(auth, cid, "I don't mind.");
        }
        r.then().body("act", equalTo("recommend"));
        List<String> names = given().header("Authorization", auth)
                .when().get("/api/v1/conversations/" + cid + "/recommendations?limit=10")
                .then().statusCode(200).extract().path("name");
        assertEquals("The Shining (1980)", names.get(0), "got " + names);
    }

    @Test
    void seededHistoryMentionsAreNotRecommendedAgain() {
        String auth = Tokens.bearer(Tokens.freshUser("seed"));
        String cid = conversation(auth, Map.of("history", List.of(
                Map.of("role", "user", "text", "I loved The Shining (1980) and It (2017), I want something scary"),
                Map.of("role", "assistant", "text", "Have you seen The Exorcist (1973)?"))));
        List<String> names = given().header("Authorization", auth)
                .when().get("/api/v1/conversations/" + cid + "/recommendations?limit=50")
                .then().statusCode(200).extract().path("name");
        assertFalse(names.isEmpty());
        assertFalse(names.contains("The Shining (1980)") || names.contains("It (2017)") || names.contains("The Exorcist (1973)"),
                "mentioned items came back: " + names);
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then()
                .statusCode(200).body("role", equalTo(List.of("user", "assistant")));
    }

    @Test
    void noHorrorStatedAtTurnOneIsHonouredAtTurnThirty() {
        String auth = Tokens.bearer(Tokens.freshUser("nohorror"));
        String cid = conversation(auth, Map.of());
        Response t1 = say(auth, cid, "I can't stand horror movies.");
        assertFalse(((List<?>) t1.path("learned")).isEmpty(), "turn 1 learned the preference");
        String[] chatter = {"Something with Jack Nicholson", "I don't mind.", "Any thriller?", "Maybe from the 80s",
                "What else do you have?", "I like Stephen King stories"};
        Response last = null;
        for (int turn = 2; turn <= 30; turn++) {
            last = say(auth, cid, chatter[turn % chatter.length]);
            List<String> ids = last.path("recommendations.itemId");
            for (String id : ids) {
                assertFalse(genresOf(id).contains("horror"), "turn " + turn + " recommended horror item " + id);
            }
        }
        List<String> ranked = given().header("Authorization", auth)
                .when().get("/api/v1/conversations/" + cid + "/recommendations?limit=50").then().extract().path("itemId");
        for (String id : ranked) {
            assertFalse(genresOf(id).contains("horror"), "candidate " + id + " is horror");
        }
    }

    @Test
    void aConditionalInstructionHoldsWhileItsConditionDoes() {
        String auth = Tokens.bearer(Tokens.freshUser("cond"));
        String kids = state(auth, "When I watch with my kids, no horror movies.");
        // the message says the condition does not hold: the instruction neither applies nor filters the catalog
        String alone = conversation(auth, Map.of());
        Response a = say(auth, alone, "Kids are at grandma's, I'm alone tonight and want a clever horror movie.");
        List<String> appliedAlone = a.path("appliedInstructions.id");
        assertFalse(appliedAlone.contains(kids), "applied " + appliedAlone);
        // met at turn 1, it keeps applying on the next turn, which does not repeat it
        String family = conversation(auth, Map.of());
        List<String> t1 = say(auth, family, "Movie night with the kids tonight, can you recommend something?").path("appliedInstructions.id");
        assertTrue(t1.contains(kids), "turn 1 applied " + t1);
        Response t2 = say(auth, family, "Something scary from the 90s maybe?");
        List<String> applied2 = t2.path("appliedInstructions.id");
        assertTrue(applied2.contains(kids), "turn 2 applied " + applied2);
        for (String id : (List<String>) t2.path("recommendations.itemId")) {
            assertFalse(genresOf(id).contains("horror"), "turn 2 recommended horror item " + id);
        }
        // until a message says it no longer holds
        List<String> t3 = say(auth, family, "The kids are asleep now, I'm alone: a horror film please.").path("appliedInstructions.id");
        assertFalse(t3.contains(kids), "turn 3 applied " + t3);
    }

    @Test
    void anOverrideLastsForTheConversationOnly() {
        String auth = Tokens.bearer(Tokens.freshUser("override"));
        String noAnimation = state(auth, "I don't like animated movies.");
        String cid = conversation(auth, Map.of());
        Response t1 = say(auth, cid, "My nephew is visiting, so this time an animated film is fine.");
        List<String> over = t1.path("overriddenInstructions.id");
        assertTrue(over != null && over.contains(noAnimation), "turn 1 overrode " + over);
        // the next turn does not repeat the exception, and the instruction stays suspended
        List<String> applied = say(auth, cid, "Ideally with Eddie Murphy and Mike Myers.").path("appliedInstructions.id");
        assertFalse(applied.contains(noAnimation), "turn 2 applied " + applied);
        List<String> ranked = given().header("Authorization", auth)
                .when().get("/api/v1/conversations/" + cid + "/recommendations?limit=20").then().extract().path("itemId");
        assertTrue(ranked.stream().anyMatch(id -> genresOf(id).contains("animation")), "no animated film among " + ranked);
        // a new conversation honours it again
        String next = conversation(auth, Map.of());
        List<String> again = say(auth, next, "Ideally with Eddie Murphy and Mike Myers.").path("appliedInstructions.id");
        assertTrue(again.contains(noAnimation), "the next conversation applied " + again);
    }

    @Test
    void reSendingAClientMessageIdReturnsTheSameTurnOnce() {
        String auth = Tokens.bearer(Tokens.freshUser("idem"));
        String cid = conversation(auth, Map.of());
        Map<String, String> body = Map.of("text", "Recommend a comedy with Jim Carrey", "clientMessageId", "abc-1");
        String first = given().header("Authorization", auth).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(200).extract().path("messageId");
        String again = given().header("Authorization", auth).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(200).extract().path("messageId");
        assertEquals(first, again);
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then()
                .body("$", hasSize(2));
    }

    @Test
    void sseStreamsTokensThenTheTurn() {
        String auth = Tokens.bearer(Tokens.freshUser("sse"));
        String cid = conversation(auth, Map.of());
        String stream = given().header("Authorization", auth).accept("text/event-stream").contentType(ContentType.JSON)
                .body(Map.of("text", "Recommend a comedy with Jim Carrey")).when()
                .post("/api/v1/conversations/" + cid + "/messages").then().statusCode(200).extract().asString();
        int firstToken = stream.indexOf("event:token");
        int turn = stream.indexOf("event:turn\n");
        assertTrue(firstToken >= 0 && turn > firstToken, stream);
        assertTrue(stream.indexOf("event:token", firstToken + 1) > 0, "several token events: " + stream);
    }

    @Test
    void rejectedItemsAreNotOfferedAgainAndAReasonTeachesTheProfile() {
        String auth = Tokens.bearer(Tokens.freshUser("reject"));
        String cid = conversation(auth, Map.of());
        say(auth, cid, "Recommend a comedy with Jim Carrey");
        List<String> before = given().header("Authorization", auth)
                .when().get("/api/v1/conversations/" + cid + "/recommendations?limit=5").then().extract().path("itemId");
        String rejected = before.get(0);
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("itemId", rejected, "verdict", "reject", "reason", "I don't like slapstick comedies"))
                .when().post("/api/v1/conversations/" + cid + "/feedback").then().statusCode(204);
        List<String> after = given().header("Authorization", auth)
                .when().get("/api/v1/conversations/" + cid + "/recommendations?limit=50").then().extract().path("itemId");
        assertFalse(after.contains(rejected));
        List<String> learned = given().header("Authorization", auth).when().get("/api/v1/me/instructions")
                .then().extract().path("text");
        assertTrue(learned.stream().anyMatch(t -> t.toLowerCase().contains("slapstick")), "learned: " + learned);
    }

    @Test
    void anotherUsersConversationDoesNotExist() {
        String alice = Tokens.bearer(Tokens.freshUser("alice"));
        String bob = Tokens.bearer(Tokens.freshUser("bob"));
        String cid = conversation(alice, Map.of());
        given().header("Authorization", bob).contentType(ContentType.JSON).body(Map.of("text", "hi"))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", bob).when().get("/api/v1/conversations/" + cid + "/messages").then().statusCode(404);
        given().header("Authorization", bob).when().get("/api/v1/conversations/" + cid + "/recommendations").then().statusCode(404);
        given().header("Authorization", bob).when().get("/api/v1/conversations").then().body("$", hasSize(0));
    }

    @Test
    void badInputIsRejectedAndChangesNothing() {
        String auth = Tokens.bearer(Tokens.freshUser("bad"));
        String cid = conversation(auth, Map.of());
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "x".repeat(4001)))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(413).body("field", equalTo("text"));
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", ""))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(400).body("field", equalTo("text"));
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("history", List.of(Map.of("role", "robot", "text", "beep"))))
                .when().post("/api/v1/conversations").then().statusCode(400).body("field", equalTo("history[0].role"));
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("itemId", "100026", "verdict", "love"))
                .when().post("/api/v1/conversations/" + cid + "/feedback").then().statusCode(400).body("field", equalTo("verdict"));
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then().body("$", hasSize(0));
        given().header("Authorization", auth).when().get("/api/v1/conversations").then().body("$", hasSize(1));
    }

    @Test
    void eraseMeRemovesConversationsToo() {
        String auth = Tokens.bearer(Tokens.freshUser("erasec"));
        String cid = conversation(auth, Map.of());
        say(auth, cid, "Recommend a comedy");
        given().header("Authorization", auth).when().get("/api/v1/me/export").then().body("conversations", hasSize(1))
                .body("conversations[0].messages", hasSize(2));
        given().header("Authorization", auth).when().delete("/api/v1/me").then().statusCode(204);
        given().header("Authorization", auth).when().get("/api/v1/conversations").then().body("$", hasSize(0));
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then().statusCode(404);
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "Recommend a drama"))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(404);
    }

    @Test
    void aPreferenceStatedInARequestAppliesToThatSameTurn() {
        // the turn decides while it learns; a message that taught something must be decided again with it
        String auth = Tokens.bearer(Tokens.freshUser("sameturn"));
        String cid = conversation(auth, Map.of());
        Response t = say(auth, cid, "I can't stand horror movies. Recommend a Stephen King movie, anything is fine");
        List<String> learned = t.path("learned.id");
        assertEquals(1, learned.size(), t.asString());
        List<String> applied = t.path("appliedInstructions.id");
        assertTrue(applied.contains(learned.get(0)), "the instruction learned in this turn applied to it: " + t.asString());
        List<String> recs = t.path("recommendations.itemId");
        for (String id : recs) {
            assertFalse(genresOf(id).stream().anyMatch(g -> g.equalsIgnoreCase("horror")), id + " is horror");
        }
    }

    @Test
    void theTranscriptKeepsEveryTurnInOrderWithTheTurnItAnsweredWith() {
        String auth = Tokens.bearer(Tokens.freshUser("transcript"));
        String cid = conversation(auth, Map.of());
        Response t1 = say(auth, cid, "Recommend a comedy with Jim Carrey");
        Response t2 = say(auth, cid, "Something else, please");
        Response messages = given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages");
        messages.then().statusCode(200)
                .body("seq", equalTo(List.of(0, 1, 2, 3)))
                .body("role", equalTo(List.of("user", "assistant", "user", "assistant")))
                .body("text", equalTo(List.of("Recommend a comedy with Jim Carrey", t1.path("text"),
                        "Something else, please", t2.path("text"))))
                .body("[1].turn.messageId", equalTo(t1.path("messageId")))
                .body("[3].id", equalTo(t2.path("messageId")))
                .body("[3].turn.recommendations.itemId", equalTo(t2.path("recommendations.itemId")));
        String created = given().header("Authorization", auth).when().get("/api/v1/conversations").then()
                .extract().path("[0].createdAt");
        String updated = given().header("Authorization", auth).when().get("/api/v1/conversations").then()
                .extract().path("[0].updatedAt");
        assertTrue(java.time.Instant.parse(updated).isAfter(java.time.Instant.parse(created)), created + " -> " + updated);
    }

    @Test
    void aConversationWhoseStateExpiredIsRebuiltFromItsTranscript() {
        String user = Tokens.freshUser("expired");
        String auth = Tokens.bearer(user);
        String cid = conversation(auth, Map.of());
        Response t = say(auth, cid, "Recommend a comedy with Jim Carrey");
        int turns = 1;
        while (((List<?>) t.path("recommendations")).isEmpty() && turns < 5) {
            t = say(auth, cid, "I don't mind.");
            turns++;
        }
        List<String> first = t.path("recommendations.itemId");
        assertFalse(first.isEmpty(), t.asString());
        assertEquals(1L, redis.key().del(ConversationStore.stateKey(user, cid)), "the working state was in Redis");
        Response again = say(auth, cid, "Another one, I don't mind which");
        List<String> second = again.path("recommendations.itemId");
        assertTrue(second.stream().noneMatch(first::contains), "offered again after the rebuild: " + first + " / " + second);
        List<Integer> seqs = java.util.stream.IntStream.range(0, 2 * (turns + 1)).boxed().toList();
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then()
                .body("seq", equalTo(seqs));
    }

    @Test
    void aMessageWhileATurnOfTheConversationRunsGets409AndChangesNothing() {
        OneTurn t = afterOneTurn("locked");
        String user = t.user(), auth = t.auth(), cid = t.cid(), state = t.state();
        // another replica's turn holds the lock
        redis.value(String.class).set(ConversationStore.lockKey(user, cid), "other-turn");
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "Something else"))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("still in progress"));
        assertEquals("other-turn", redis.value(String.class).get(ConversationStore.lockKey(user, cid)), "the lock is not ours");
        assertEquals(state, redis.value(String.class).get(ConversationStore.stateKey(user, cid)), "the state changed");
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then()
                .body("seq", equalTo(List.of(0, 1)));
        redis.key().del(ConversationStore.lockKey(user, cid));
        say(auth, cid, "Something else");
    }

    @Test
    void aTurnWhoseMessagesCannotBeStoredChangesNothing() {
        OneTurn t = afterOneTurn("unstored");
        String user = t.user(), auth = t.auth(), cid = t.cid(), state = t.state();
        // another writer took the turn's message number: its transcript insert fails on (conversation, seq)
        sql("INSERT INTO conversation_message (id, conversation_id, seq, role, text) VALUES ($1, $2, 2, 'user', 'elsewhere')",
                "m_elsewhere_" + cid, cid);
        Map<String, String> message = Map.of("text", "Something else", "clientMessageId", "unstored-2");
        given().header("Authorization", auth).contentType(ContentType.JSON).body(message)
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(500);
        assertEquals(state, redis.value(String.class).get(ConversationStore.stateKey(user, cid)),
                "the working state is the one from before the failed turn");
        assertEquals(null, redis.value(String.class).get(ConversationStore.idemKey(user, cid, "unstored-2")),
                "no Turn is kept for a resend of the failed message");
        assertEquals(null, redis.value(String.class).get(ConversationStore.lockKey(user, cid)), "the turn lock is released");
        sql("DELETE FROM conversation_message WHERE id = $1", "m_elsewhere_" + cid);
        Response again = given().header("Authorization", auth).contentType(ContentType.JSON).body(message)
                .when().post("/api/v1/conversations/" + cid + "/messages");
        again.then().statusCode(200);
        given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages").then()
                .body("seq", equalTo(List.of(0, 1, 2, 3)))
                .body("[2].text", equalTo("Something else"))
                .body("[3].id", equalTo(again.path("messageId")));
    }

    /** A fresh user's conversation after one answered turn, with its working state in Redis then. */
    private record OneTurn(String user, String auth, String cid, String state) {
    }

    private OneTurn afterOneTurn(String name) {
        String user = Tokens.freshUser(name);
        String auth = Tokens.bearer(user);
        String cid = conversation(auth, Map.of());
        say(auth, cid, "Recommend a comedy with Jim Carrey");
        return new OneTurn(user, auth, cid, redis.value(String.class).get(ConversationStore.stateKey(user, cid)));
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(io.vertx.mutiny.sqlclient.Tuple.from(List.of(params)))
                .await().atMost(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aTurnReleasesItsLockWithItsCommitNotInARoundTripOfItsOwn() {
        String auth = Tokens.bearer(Tokens.freshUser("trips"));
        String cid = conversation(auth, Map.of());
        say(auth, cid, "Recommend a comedy with Jim Carrey");
        long before = evalCalls();
        say(auth, cid, "Something else");
        assertEquals(3, evalCalls() - before,
                "scripts run by one turn: its start, the profile read and its commit; no separate unlock");
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", "And another"))
                .when().post("/api/v1/conversations/" + cid + "/messages").then().statusCode(200);
    }

    private long evalCalls() {
        String stats = redis.execute("INFO", "commandstats").toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_eval:calls=(\\d+)").matcher(stats);
        assertTrue(m.find(), "no EVAL in " + stats);
        return Long.parseLong(m.group(1));
    }
}
