package dev.concierge.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Starts the service in the production profile: no dev tokens, only the configured issuer's. */
@QuarkusTest
@TestProfile(ProductionProfileTest.Prod.class)
class ProductionProfileTest {

    public static class Prod implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod,local";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // same servers the tests use, but nothing of the demo: keep the test schema, skip the load
            return Map.of("concierge.db.schema", "concierge_test", "concierge.catalog.load-on-start", "false");
        }
    }

    @Test
    void devTokenPathDoesNotExist() {
        given().contentType("application/json").body("{\"userId\":\"mallory\"}")
                .when().post("/api/v1/dev/token").then().statusCode(404);
    }
}
