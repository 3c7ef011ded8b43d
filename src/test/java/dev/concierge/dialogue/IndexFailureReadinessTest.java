package dev.concierge.dialogue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A dialogue index that cannot be built keeps the replica unready and says why, for the operator reading the probe. */
@QuarkusTest
@TestProfile(IndexFailureReadinessTest.MissingModel.class)
class IndexFailureReadinessTest {

    public static class MissingModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concierge.dialogue.index-before-start", "false",
                    "concierge.dialogue.cooccurrence", "/nonexistent/cooccurrence.tsv");
        }
    }

    @Test
    void readinessNamesTheBuildsError() throws InterruptedException {
        String check = "checks.find { it.name == 'dialogue-index' }";
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (given().when().get("/q/health/ready").path(check + ".data.error") == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        given().when().get("/q/health/ready").then().statusCode(503)
                .body(check + ".status", equalTo("DOWN"))
                .body(check + ".data.error", containsString("/nonexistent/cooccurrence.tsv"));
    }
}
