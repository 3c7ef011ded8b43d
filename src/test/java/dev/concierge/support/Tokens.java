package dev.concierge.support;

import io.restassured.http.ContentType;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Dev tokens for tests: every test user is fresh, so tests never see each other's data. */
public final class Tokens {

    private Tokens() {
    }

    public static String freshUser(String tag) {
        return tag + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static String tokenFor(String userId) {
        return given().contentType(ContentType.JSON).body("{\"userId\":\"" + userId + "\"}")
                .when().post("/api/v1/dev/token")
                .then().statusCode(200).extract().path("token");
    }

    public static String bearer(String userId) {
        return "Bearer " + tokenFor(userId);
    }
}
