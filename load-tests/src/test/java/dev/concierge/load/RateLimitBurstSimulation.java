package dev.concierge.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * A burst that trips the rate limit (30 turns per user per minute by default): each virtual user (a new user id)
 * sends {@code turns} REST turns back to back, then {@code wsTurns} more over the socket. Beyond the limit the
 * expected answers are 429 with Retry-After (REST) and an error frame with code {@code rate_limited} (socket):
 * both count as OK here ("rest turn (burst)" checks status 200 or 429; a 429 without Retry-After is
 * reported at the end). A turn
 * answered with anything else fails. At the end the simulation prints how many turns were limited
 * (and a line "EXPECTED LIMITED TURNS MISSING" when none was); the assertion is 0 failed requests.
 * <p>
 * Parameters (system properties, defaults):
 * <ul>
 *   <li>{@code baseUrl} http://127.0.0.1:8181 (loopback only)</li>
 *   <li>{@code users} 3: users bursting at once</li>
 *   <li>{@code turns} 35: REST turns per user, no pause (the default limit is 30)</li>
 *   <li>{@code wsTurns} 3: socket turns per user after the REST ones</li>
 *   <li>{@code maxDurationS} 180: hard bound of the whole run</li>
 * </ul>
 */
public class RateLimitBurstSimulation extends Simulation {

    static final int USERS = LoadSupport.intProp("users", 3);
    static final int TURNS = LoadSupport.intProp("turns", 35);
    static final int WS_TURNS = LoadSupport.intProp("wsTurns", 3);
    static final Duration MAX = LoadSupport.seconds("maxDurationS", 180);
    static final AtomicInteger LIMITED_REST = new AtomicInteger();
    static final AtomicInteger LIMITED_WS = new AtomicInteger();
    static final AtomicInteger OK = new AtomicInteger();
    static final AtomicInteger MISSING_RETRY_AFTER = new AtomicInteger();

    ScenarioBuilder scn = scenario("rate limit burst")
            .feed(LoadSupport.users("burst"))
            .exec(LoadSupport.devToken())
            .exec(http("create conversation").post("/api/v1/conversations")
                    .header("Authorization", "Bearer #{token}").body(StringBody("{}"))
                    .check(status().is(201), jsonPath("$.id").saveAs("cid")))
            .repeat(TURNS, "n").on(exec(http("rest turn (burst)").post("/api/v1/conversations/#{cid}/messages")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody(s -> "{\"text\":\"a comedy please\",\"clientMessageId\":\"b" + s.getInt("n") + "\"}"))
                    .check(status().in(200, 429).saveAs("status"),
                            header("Retry-After").optional().saveAs("retryAfter")))
                    .exec(s -> {
                        boolean limited = s.getInt("status") == 429;
                        (limited ? LIMITED_REST : OK).incrementAndGet();
                        if (limited && !s.contains("retryAfter")) {
                            MISSING_RETRY_AFTER.incrementAndGet();
                        }
                        return s.remove("retryAfter");
                    }))
            .exec(ws("connect").connect("/ws/chat?access_token=#{token}"))
            .repeat(WS_TURNS, "w").on(exec(ws("ws turn (burst)").sendText(s -> "{\"type\":\"user_message\",\"conversationId\":\""
                            + s.getString("cid") + "\",\"clientMessageId\":\"w" + s.getInt("w") + "\",\"text\":\"another one\"}")
                    .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("ws turn or rate_limited")
                            .matching(jsonPath("$.type").in("turn", "error"))
                            .check(regex("^\\{\"type\":\"turn\"|\"code\":\"rate_limited\"").exists(),
                                    jsonPath("$.code").optional().saveAs("code"))))
                    .exec(s -> {
                        if ("rate_limited".equals(s.getString("code"))) {
                            LIMITED_WS.incrementAndGet();
                        }
                        return s.remove("code");
                    }))
            .exec(ws("close").close());

    {
        setUp(scn.injectOpen(atOnceUsers(USERS)))
                .protocols(LoadSupport.protocol())
                .maxDuration(MAX)
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        System.out.printf("rate limit burst: %d REST turns answered, %d limited over REST (429, %d without Retry-After), "
                + "%d limited on the socket (rate_limited)%n", OK.get(), LIMITED_REST.get(), MISSING_RETRY_AFTER.get(), LIMITED_WS.get());
        if (LIMITED_REST.get() == 0 || LIMITED_WS.get() == 0 || MISSING_RETRY_AFTER.get() > 0) {
            System.out.println("rate limit burst: EXPECTED LIMITED TURNS MISSING");
        }
    }
}
