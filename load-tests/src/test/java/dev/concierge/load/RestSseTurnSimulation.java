package dev.concierge.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The mobile path: per virtual user (a new user id) create a conversation, one REST turn (JSON Turn back) and one
 * SSE turn ({@code Accept: text/event-stream}; the request ends when the stream ends, after the {@code turn} event).
 * Closed model: {@code users} users at once. Both turn requests fail on a non-200 status, and on
 * {@code degraded:true} for the REST turn / a missing {@code event:turn} for the SSE turn.
 * <p>
 * Parameters (system properties, defaults):
 * <ul>
 *   <li>{@code baseUrl} http://127.0.0.1:8181 (loopback only)</li>
 *   <li>{@code users} 50: concurrent users</li>
 *   <li>{@code rampS} 10: seconds to ramp from 0 to {@code users}</li>
 *   <li>{@code durationS} 60: seconds at {@code users} after the ramp</li>
 *   <li>{@code thinkMs} 1000: pause after each turn</li>
 *   <li>{@code maxDurationS} rampS + durationS + 60: hard bound of the whole run</li>
 * </ul>
 */
public class RestSseTurnSimulation extends Simulation {

    static final int USERS = LoadSupport.intProp("users", 50);
    static final Duration RAMP = LoadSupport.seconds("rampS", 10);
    static final Duration DURATION = LoadSupport.seconds("durationS", 60);
    static final Duration THINK = LoadSupport.millis("thinkMs", 1000);
    static final Duration MAX = LoadSupport.seconds("maxDurationS", (int) (RAMP.toSeconds() + DURATION.toSeconds() + 60));

    ScenarioBuilder scn = scenario("rest and sse turns")
            .feed(LoadSupport.users("rest"))
            .exec(LoadSupport.devToken())
            .exec(http("create conversation").post("/api/v1/conversations")
                    .header("Authorization", "Bearer #{token}").body(StringBody("{}"))
                    .check(status().is(201), jsonPath("$.id").saveAs("cid")))
            .exec(http("rest turn").post("/api/v1/conversations/#{cid}/messages")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody("{\"text\":\"a comedy please\",\"clientMessageId\":\"r1\"}"))
                    .check(status().is(200), jsonPath("$.degraded").ofBoolean().is(false)))
            .pause(THINK)
            .exec(http("sse turn").post("/api/v1/conversations/#{cid}/messages")
                    .header("Authorization", "Bearer #{token}").header("Accept", "text/event-stream")
                    .body(StringBody("{\"text\":\"something with Jim Carrey\",\"clientMessageId\":\"r2\"}"))
                    .check(status().is(200), substring("event:turn"), substring("\"degraded\":false")))
            .pause(THINK);

    {
        setUp(scn.injectClosed(rampConcurrentUsers(0).to(USERS).during(RAMP), constantConcurrentUsers(USERS).during(DURATION)))
                .protocols(LoadSupport.protocol())
                .maxDuration(MAX);
    }
}
