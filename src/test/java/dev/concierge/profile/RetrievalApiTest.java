package dev.concierge.profile;

import dev.concierge.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NLSI phenomena through the search API: which instructions a turn applies. */
@QuarkusTest
class RetrievalApiTest {

    private record Profile(String auth, Map<String, String> idsByText) {
        String id(String text) {
            return idsByText.get(text);
        }
    }

    private static Profile profile(String... texts) {
        String auth = Tokens.bearer(Tokens.freshUser("nlsi"));
        Map<String, String> ids = new HashMap<>();
        for (String t : texts) {
            String id = given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("text", t))
                    .when().post("/api/v1/me/instructions").then().statusCode(201).extract().path("id");
            ids.put(t, id);
        }
        return new Profile(auth, ids);
    }

    private static final String VEG = "I'm vegetarian";
    private static final String BUDGET = "Keep restaurant suggestions under $30 per person";
    private static final String HORROR = "No horror movies, please";
    private static final String AISLE = "I prefer aisle seats on flights";
    private static final String CONCERT = "When I book concert tickets, also look for a hotel nearby";
    private static final String HOTEL_GYM = "Hotels must have a gym";
    private static final String[] ALL = {VEG, BUDGET, HORROR, AISLE, CONCERT, HOTEL_GYM};

    private static List<String> applied(Profile p, String query) {
        List<Map<String, Object>> hits = given().header("Authorization", p.auth()).contentType(ContentType.JSON)
                .body(Map.of("query", query, "k", 20)).when().post("/api/v1/me/instructions/search")
                .then().statusCode(200).extract().path("$");
        assertEquals(ALL.length, hits.size(), "every instruction is ranked");
        return hits.stream().filter(h -> Boolean.TRUE.equals(h.get("applies")))
                .map(h -> (String) ((Map<?, ?>) h.get("instruction")).get("id")).toList();
    }

    @Test
    void noneApplyToAnUnrelatedRequest() {
        Profile p = profile(ALL);
        assertEquals(List.of(), applied(p, "What is the capital of Australia?"));
    }

    @Test
    void aPlainInstructionApplies() {
        Profile p = profile(ALL);
        List<String> a = applied(p, "Recommend a scary movie for tonight");
        assertTrue(a.contains(p.id(HORROR)), "horror rule applies to a movie request: " + a);
        assertFalse(a.contains(p.id(AISLE)) || a.contains(p.id(BUDGET)));
    }

    @Test
    void severalApplyAtOnce() {
        Profile p = profile(ALL);
        List<String> a = applied(p, "Find me a restaurant for dinner in Rome");
        assertTrue(a.contains(p.id(VEG)) && a.contains(p.id(BUDGET)), "diet and budget: " + a);
        assertFalse(a.contains(p.id(HORROR)) || a.contains(p.id(AISLE)));
    }

    @Test
    void aConditionalInstructionTriggersOnlyOnItsCondition() {
        Profile p = profile(ALL);
        assertTrue(applied(p, "Book two tickets for the Coldplay concert in Berlin").contains(p.id(CONCERT)));
        assertFalse(applied(p, "Book a flight to Berlin").contains(p.id(CONCERT)));
    }

    @Test
    void aChainCarriesAcrossDomains() {
        Profile p = profile(ALL);
        List<String> a = applied(p, "Get me tickets for the Taylor Swift concert in Paris");
        assertTrue(a.contains(p.id(CONCERT)) && a.contains(p.id(HOTEL_GYM)),
                "concert -> hotel -> the hotel rule: " + a);
    }

    @Test
    void theCurrentRequestOverridesAConflictingInstruction() {
        Profile p = profile(ALL);
        List<String> a = applied(p, "This time I want a horror film");
        assertFalse(a.contains(p.id(HORROR)), "the request overrides 'no horror' this turn: " + a);
        // the instruction itself is unchanged
        given().header("Authorization", p.auth()).when().get("/api/v1/me/instructions/" + p.id(HORROR))
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("active"));
    }
}
