package dev.concierge.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * A WebSocket conversation of 5 turns per virtual user, closed model: {@code users} conversations at once.
 * Each virtual user is a new user id: dev token, connect {@code /ws/chat}, 5 x (send user_message, wait for the
 * {@code turn} frame, think), close. Every turn is one request named "ws turn" in the report (from sending the
 * frame to receiving the turn frame); it fails on an error frame, on {@code degraded:true} (the LLM was not used,
 * so the fake LLM's time would not be in the turn), when turn 4 ("no horror please, I hate horror") taught the
 * profile nothing (so learning and, from turn 5 on, the retrieval of an instruction are part of every run) or after
 * {@code turnTimeoutS}. With {@code usersFile}, the conversations are held by returning users with standing instructions
 * (made by {@code StandingUsers}, taken in turn): only their first conversation learns at turn 4, later ones find the
 * preference already stored, so turn 4 teaches at most one.
 * A baseline runs in the same simulation: one client in a loop on {@code GET /q/health/live} ("baseline live").
 * Every answered turn is also written to {@code turnsFile} (user pseudonym, turn number, microseconds from before the
 * send to after the check), which run.sh matches with the fake LLM's own time of that turn's two calls.
 * <p>
 * Parameters (system properties, defaults):
 * <ul>
 *   <li>{@code baseUrl} http://127.0.0.1:8181 (loopback only)</li>
 *   <li>{@code users} 50: concurrent conversations</li>
 *   <li>{@code rampS} 20: seconds to ramp from 0 to {@code users}</li>
 *   <li>{@code durationS} 60: seconds at {@code users} after the ramp</li>
 *   <li>{@code thinkMs} 1000: pause after each turn (a user reading the reply)</li>
 *   <li>{@code turnTimeoutS} 30: longest wait for a turn frame</li>
 *   <li>{@code maxDurationS} rampS + durationS + 60: hard bound of the whole run</li>
 *   <li>{@code turnsFile} target/ws-turns.csv: every answered turn's time, for the per-turn overhead</li>
 *   <li>{@code usersFile} none: user ids, one per line, to hold the conversations instead of a new user each
 *       ({@code StandingUsers} makes them; at least twice {@code users} of them, so no two conversations share one)</li>
 * </ul>
 */
public class WsConversationSimulation extends Simulation {

    static final int USERS = LoadSupport.intProp("users", 50);
    static final Duration RAMP = LoadSupport.seconds("rampS", 20);
    static final Duration DURATION = LoadSupport.seconds("durationS", 60);
    static final Duration THINK = LoadSupport.millis("thinkMs", 1000);
    static final Duration TURN_TIMEOUT = LoadSupport.seconds("turnTimeoutS", 30);
    static final Duration MAX = LoadSupport.seconds("maxDurationS", (int) (RAMP.toSeconds() + DURATION.toSeconds() + 60));
    static final String TURNS_FILE = System.getProperty("turnsFile", "target/ws-turns.csv");
    static final ConcurrentLinkedQueue<String> TURNS = new ConcurrentLinkedQueue<>();
    static final String USERS_FILE = System.getProperty("usersFile");

    /** The turn whose message states a dislike (index into {@link LoadSupport#CONVERSATION}). */
    static final int LEARNS = 3;

    static ChainBuilder turn(int i) {
        String text = LoadSupport.CONVERSATION[i];
        return exec(s -> s.set("sentAt", System.nanoTime())).exec(ws("send " + (i + 1)).sendText(s -> "{\"type\":\"user_message\","
                        + (s.contains("cid") ? "\"conversationId\":\"" + s.getString("cid") + "\"," : "")
                        + "\"clientMessageId\":\"k" + (i + 1) + "\",\"text\":" + LoadSupport.json(text) + "}")
                .await(TURN_TIMEOUT).on(ws.checkTextMessage("ws turn")
                        .matching(jsonPath("$.type").in("turn", "error"))
                        .check(jsonPath("$.type").is("turn"),
                                jsonPath("$.turn.degraded").ofBoolean().is(false),
                                i != LEARNS ? jsonPath("$.turn.learned[*].id").count().is(0)
                                        : USERS_FILE == null ? jsonPath("$.turn.learned[*].id").count().is(1)
                                        : jsonPath("$.turn.learned[*].id").count().lte(1),
                                jsonPath("$.turn.conversationId").saveAs("cid"))))
                .exec(s -> {
                    if (!s.isFailed()) {
                        TURNS.add(LoadSupport.pseudonym(s.getString("userId")) + "," + (i + 1) + ","
                                + (System.nanoTime() - s.getLong("sentAt")) / 1000);
                    }
                    return s;
                })
                .pause(THINK);
    }

    ScenarioBuilder conversation = scenario("ws conversation")
            .feed(USERS_FILE == null ? LoadSupport.users("ws") : LoadSupport.usersFrom(USERS_FILE, 2 * USERS))
            .exec(LoadSupport.devToken())
            .exec(ws("connect").connect(s -> "/ws/chat?access_token=" + s.getString("token")))
            .exec(turn(0), turn(1), turn(2), turn(3), turn(4))
            .exec(ws("close").close());

    ScenarioBuilder baseline = scenario("baseline")
            .exec(http("baseline live").get("/q/health/live").check(status().is(200)))
            .pause(Duration.ofMillis(100));

    {
        setUp(conversation.injectClosed(rampConcurrentUsers(0).to(USERS).during(RAMP),
                        constantConcurrentUsers(USERS).during(DURATION)),
                baseline.injectClosed(constantConcurrentUsers(1).during(RAMP.plus(DURATION))))
                .protocols(LoadSupport.protocol())
                .maxDuration(MAX);
    }

    @Override
    public void after() {
        try {
            Files.write(Path.of(TURNS_FILE), TURNS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
