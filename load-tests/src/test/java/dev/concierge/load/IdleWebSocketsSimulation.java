package dev.concierge.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * Idle WebSocket connections held open: {@code connections} virtual users (new user ids) each get a dev token,
 * connect {@code /ws/chat}, send one ping (checked: a pong comes back, so the socket is really open) and then stay
 * silent for {@code holdS} seconds before closing. The run script reads the service's RSS before the ramp and while
 * all of them are held (see load-tests/run.sh), which gives the memory cost of idle sockets.
 * <p>
 * Parameters (system properties, defaults):
 * <ul>
 *   <li>{@code baseUrl} http://127.0.0.1:8181 (loopback only)</li>
 *   <li>{@code connections} 1000: sockets held at once</li>
 *   <li>{@code rampS} 20: seconds over which they connect</li>
 *   <li>{@code holdS} 40: seconds each one stays open after its ping</li>
 *   <li>{@code maxDurationS} rampS + holdS + 60: hard bound of the whole run</li>
 * </ul>
 */
public class IdleWebSocketsSimulation extends Simulation {

    static final int CONNECTIONS = LoadSupport.intProp("connections", 1000);
    static final Duration RAMP = LoadSupport.seconds("rampS", 20);
    static final Duration HOLD = LoadSupport.seconds("holdS", 40);
    static final Duration MAX = LoadSupport.seconds("maxDurationS", (int) (RAMP.toSeconds() + HOLD.toSeconds() + 60));

    ScenarioBuilder scn = scenario("idle websockets")
            .feed(LoadSupport.users("idle"))
            .exec(LoadSupport.devToken())
            .exec(ws("connect").connect("/ws/chat?access_token=#{token}"))
            .exec(ws("ping").sendText("{\"type\":\"ping\"}")
                    .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("pong").check(jsonPath("$.type").is("pong"))))
            .pause(HOLD)
            .exec(ws("close").close());

    {
        setUp(scn.injectOpen(rampUsers(CONNECTIONS).during(RAMP)))
                .protocols(LoadSupport.protocol())
                .maxDuration(MAX);
    }
}
