package dev.concierge.dialogue;

import dev.concierge.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.concierge.dialogue.ConversationApiTest.conversation;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A turn that teaches writes the profile beside its reply, planned against the profile it read a moment before.
 * Another writer in that moment (another tab, another conversation) must neither lose its write nor let the turn
 * report an instruction that was not stored. The race is made by a second client rewriting the same user's profile
 * as fast as it can while the turn runs; each test repeats until the turn's write actually met a changed profile
 * ({@code concierge_profile_write_conflicts_total{writer="turn"}}), so the retry path is what is checked.
 */
@QuarkusTest
class TurnLearningWriteTest {

    private static final String TEACHES = "I hate horror movies. Recommend a comedy";
    private static final int ATTEMPTS = 60;

    @Inject
    MeterRegistry metrics;

    private double turnConflicts() {
        return metrics.counter("concierge.profile.write.conflicts", "writer", "turn").count();
    }

    /** Until stopped: states {@code text} and deletes it again, for the given user. */
    private static Thread rewriting(String auth, String text, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                Response created = given().header("Authorization", auth).contentType(ContentType.JSON)
                        .body(Map.of("text", text)).when().post("/api/v1/me/instructions");
                String id = created.path("id");
                if (id != null) {
                    given().header("Authorization", auth).when().delete("/api/v1/me/instructions/" + id);
                }
            }
        }, "profile-rewriter");
        t.start();
        return t;
    }

    private static Response turnWhileRewriting(String auth, String cid, String rewritten) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread other = rewriting(auth, rewritten, stop);
        try {
            return given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", TEACHES))
                    .when().post("/api/v1/conversations/" + cid + "/messages");
        } finally {
            stop.set(true);
            other.join(10_000);
        }
    }

    private static List<Map<String, Object>> everyInstruction(String auth) {
        return given().header("Authorization", auth).when().get("/api/v1/me/instructions?status=all")
                .then().statusCode(200).extract().path("$");
    }

    @Test
    void anUnrelatedWriteMeanwhileKeepsBothAndTheLearnedInstructionIsStored() throws InterruptedException {
        double before = turnConflicts();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String auth = Tokens.bearer(Tokens.freshUser("racea"));
            String cid = conversation(auth, Map.of());
            Response r = turnWhileRewriting(auth, cid, "I'm vegetarian");
            assertEquals(200, r.statusCode(), r.asString());
            List<String> learned = r.path("learned.id");
            assertEquals(1, learned.size(), r.asString());
            String status = given().header("Authorization", auth).when().get("/api/v1/me/instructions/" + learned.get(0))
                    .then().statusCode(200).extract().path("status");
            assertEquals("active", status, "the instruction the turn reported is stored and active");
            List<String> applied = r.path("appliedInstructions.id");
            assertTrue(applied.contains(learned.get(0)), "the reply honoured what the turn learned: " + r.asString());
            if (turnConflicts() > before) {
                return;
            }
        }
        fail("in " + ATTEMPTS + " turns the turn's write never met a changed profile: the race was not exercised");
    }

    @Test
    void theSameLessonWrittenMeanwhileFailsTheTurnWith409AndItWritesNothing() throws InterruptedException {
        double before = turnConflicts();
        int refused = 0;
        for (int attempt = 1; attempt <= ATTEMPTS && refused == 0; attempt++) {
            String auth = Tokens.bearer(Tokens.freshUser("raceb"));
            String cid = conversation(auth, Map.of());
            Response r = turnWhileRewriting(auth, cid, "I hate horror movies");
            List<Map<String, Object>> all = everyInstruction(auth);
            if (r.statusCode() == 409) {
                refused++;
                assertTrue(r.asString().contains("changed while this message was being answered"), r.asString());
                assertTrue(all.stream().noneMatch(i -> "learned".equals(i.get("origin"))),
                        "a refused turn stored nothing it learned: " + all);
                given().header("Authorization", auth).when().get("/api/v1/conversations/" + cid + "/messages")
                        .then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
                continue;
            }
            assertEquals(200, r.statusCode(), r.asString());
            List<String> learned = r.path("learned.id");
            for (String id : learned) {
                assertTrue(all.stream().anyMatch(i -> id.equals(i.get("id"))), "reported " + id + ", stored " + all);
            }
        }
        assertTrue(turnConflicts() > before, "the turn's write never met a changed profile: the race was not exercised");
        assertTrue(refused > 0, "in " + ATTEMPTS + " turns none met the same lesson written meanwhile");
    }
}
