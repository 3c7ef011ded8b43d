package dev.concierge.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The profile API mix, per virtual user (a new user id): create 3 standing instructions, update one (a new
 * version), search the profile twice (the retrieval a chat turn uses: one Redis read + one embedding), list them.
 * Open model: {@code rate} new users per second. No LLM involved.
 * <p>
 * Parameters (system properties, defaults):
 * <ul>
 *   <li>{@code baseUrl} http://127.0.0.1:8181 (loopback only)</li>
 *   <li>{@code rate} 10: new users per second (7 profile requests each)</li>
 *   <li>{@code durationS} 60: seconds of arrivals</li>
 *   <li>{@code maxDurationS} durationS + 60: hard bound of the whole run</li>
 * </ul>
 */
public class ProfileMixSimulation extends Simulation {

    static final int RATE = LoadSupport.intProp("rate", 10);
    static final Duration DURATION = LoadSupport.seconds("durationS", 60);
    static final Duration MAX = LoadSupport.seconds("maxDurationS", (int) DURATION.toSeconds() + 60);

    static io.gatling.javaapi.core.ChainBuilder create(String text) {
        return exec(http("create instruction").post("/api/v1/me/instructions")
                .header("Authorization", "Bearer #{token}").body(StringBody("{\"text\":" + LoadSupport.json(text) + "}"))
                .check(status().is(201), jsonPath("$.id").saveAs("iid")));
    }

    ScenarioBuilder scn = scenario("profile mix")
            .feed(LoadSupport.users("profile"))
            .exec(LoadSupport.devToken())
            .exec(create("I'm vegetarian"), create("no horror films"), create("I love Italian restaurants"))
            .exec(http("update instruction").put("/api/v1/me/instructions/#{iid}")
                    .header("Authorization", "Bearer #{token}").body(StringBody("{\"text\":\"I love Italian and Greek restaurants\"}"))
                    .check(status().is(200)))
            .exec(http("search instructions").post("/api/v1/me/instructions/search")
                    .header("Authorization", "Bearer #{token}").body(StringBody("{\"query\":\"a scary movie for tonight\",\"k\":3}"))
                    .check(status().is(200), jsonPath("$[0].instruction.id").exists()))
            .exec(http("search instructions").post("/api/v1/me/instructions/search")
                    .header("Authorization", "Bearer #{token}").body(StringBody("{\"query\":\"where to eat on friday\",\"k\":3}"))
                    .check(status().is(200)))
            .exec(http("list instructions").get("/api/v1/me/instructions")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)));

    {
        setUp(scn.injectOpen(constantUsersPerSec(RATE).during(DURATION)))
                .protocols(LoadSupport.protocol())
                .maxDuration(MAX);
    }
}
