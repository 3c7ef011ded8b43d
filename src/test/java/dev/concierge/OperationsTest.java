package dev.concierge;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksRedisPostgresAndTheCatalog() throws InterruptedException {
        // Ready once the catalog and the dialogue index are built, which may finish after the app has started
        // (the index is built on the CPU pool, at its lower priority): wait as a readiness probe would.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (given().when().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("catalog", "Redis connection health check",
                        "Reactive PostgreSQL connections health check"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().when().get("/api/v1/catalog/items?limit=1").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count{method=\"GET\""))
                .body(containsString("uri=\"/api/v1/catalog/items\""));
    }

    @Test
    void openApiDescribesThePublicPaths() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/catalog/items"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/me/instructions"))
                .body("paths.'/api/v1/conversations/{id}/messages'.post.requestBody.content.'application/json'.examples",
                        org.hamcrest.Matchers.hasKey("message"))
                .body("paths.'/api/v1/conversations/{id}/messages'.post.responses", org.hamcrest.Matchers.hasKey("429"));
    }

    @Test
    void oversizedBodyIs413AsProblemJson() {
        given().contentType("application/json").body("{\"userId\":\"" + "x".repeat(300_000) + "\"}")
                .when().post("/api/v1/dev/token").then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyApiOperationHasASummaryAndAnExample() {
        java.util.Map<String, Object> paths = given().when().get("/q/openapi?format=json").then().statusCode(200)
                .extract().path("paths");
        java.util.List<String> missing = new java.util.ArrayList<>();
        paths.forEach((path, ops) -> {
            if (!path.startsWith("/api/v1/")) {
                return;
            }
            ((java.util.Map<String, Object>) ops).forEach((method, raw) -> {
                if (!(raw instanceof java.util.Map<?, ?> op)) {
                    return;
                }
                String json = op.toString();
                boolean example = json.contains("examples=") || json.contains("204=");
                if (op.get("summary") == null || !example) {
                    missing.add(method + " " + path);
                }
            });
        });
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), missing);
    }
}
