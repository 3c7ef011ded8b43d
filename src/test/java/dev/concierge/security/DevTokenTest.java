package dev.concierge.security;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class DevTokenTest {

    @Test
    void issuesATokenForAValidUserId() {
        given().contentType("application/json").body("{\"userId\":\"alice\"}")
                .when().post("/api/v1/dev/token").then().statusCode(200).body("token", notNullValue());
    }

    @Test
    void everyIssuedTokenAuthenticatesItsUser() {
        // the signing key is read once and reused: the second token must verify as well as the first
        for (String user : new String[]{"dev-token-first", "dev-token-second"}) {
            String token = given().contentType("application/json").body("{\"userId\":\"" + user + "\"}")
                    .when().post("/api/v1/dev/token").then().statusCode(200).extract().path("token");
            given().auth().oauth2(token).when().get("/api/v1/me/instructions").then().statusCode(200);
        }
        given().auth().oauth2("not-a-token").when().get("/api/v1/me/instructions").then().statusCode(401);
    }

    @Test
    void rejectsAnInvalidUserIdNamingTheField() {
        given().contentType("application/json").body("{\"userId\":\"a b{c}\"}")
                .when().post("/api/v1/dev/token").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("userId"));
        given().contentType("application/json").body("{\"userId\":")
                .when().post("/api/v1/dev/token").then().statusCode(400).contentType("application/problem+json");
    }
}
