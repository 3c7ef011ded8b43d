package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code scenarios} command end to end against an in-process fake: turn 1 asks for the genre,
 * turn 2 recommends The Shining and an id the catalog does not know, turn 3 recommends Taken.
 */
class ScenariosFakeServiceTest {
    private HttpServer server;
    private String base;
    private final Map<String, List<String>> instructions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turnsByConv = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> feedback = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();

    static final Map<String, Map<String, Object>> CATALOG = Map.of(
        "1", Map.of("id", "1", "name", "The Shining (1980)", "year", 1980,
            "attributes", Map.of("genres", List.of("drama", "horror"), "stars", List.of("Jack Nicholson"), "directors", List.of("Stanley Kubrick"))),
        "2", Map.of("id", "2", "name", "Taken (2008)", "year", 2008,
            "attributes", Map.of("genres", List.of("action", "crime", "thriller"), "stars", List.of("Liam Neeson"), "directors", List.of("Pierre Morel"))));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        byte[] raw = ex.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : Api.JSON.readTree(raw);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String user = auth == null ? null : auth.substring("Bearer ".length());
        Object reply;
        int status = 200;
        var f = Api.JSON.getNodeFactory();
        if (path.equals("/api/v1/dev/token")) {
            reply = Map.of("token", body.get("userId").asText());
        } else if (path.startsWith("/api/v1/catalog/items/")) {
            String id = path.substring("/api/v1/catalog/items/".length());
            reply = CATALOG.containsKey(id) ? CATALOG.get(id) : Map.of("status", 404);
            status = CATALOG.containsKey(id) ? 200 : 404;
        } else if (user == null) {
            status = 401;
            reply = Map.of("status", 401);
        } else if (path.equals("/api/v1/me") && method.equals("DELETE")) {
            deleted.add(user);
            ex.sendResponseHeaders(204, -1);
            ex.close();
            return;
        } else if (path.equals("/api/v1/me/instructions")) {
            instructions.computeIfAbsent(user, k -> Collections.synchronizedList(new ArrayList<>())).add(body.get("text").asText());
            status = 201;
            reply = Map.of("id", "i" + ids.incrementAndGet());
        } else if (path.equals("/api/v1/conversations")) {
            status = 201;
            reply = Map.of("id", "c" + ids.incrementAndGet());
        } else if (path.endsWith("/messages")) {
            messages.add(body.get("text").asText());
            int n = turnsByConv.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            ObjectNode turn = f.objectNode();
            ArrayNode recs = f.arrayNode();
            if (n == 1) {
                turn.put("act", "clarify");
                turn.putObject("clarification").put("attribute", "genre").putArray("options").add("comedy").add("thriller");
            } else {
                turn.put("act", "recommend");
                for (String id : n == 2 ? List.of("1", "999") : List.of("2")) {
                    recs.addObject().put("itemId", id).put("name", "x").put("reason", "r");
                }
            }
            turn.set("recommendations", recs);
            ArrayNode applied = turn.putArray("appliedInstructions");
            instructions.getOrDefault(user, List.of()).forEach(t -> applied.addObject().put("id", "i").put("text", t));
            turn.put("degraded", true);
            reply = turn;
        } else if (path.endsWith("/feedback")) {
            feedback.add(body.get("itemId").asText() + ":" + body.get("verdict").asText() + ":" + body.path("reason").asText(""));
            ex.sendResponseHeaders(204, -1);
            ex.close();
            return;
        } else if (path.endsWith("/recommendations")) {
            reply = List.of(Map.of("itemId", "2", "name", "Taken (2008)"));
        } else {
            status = 404;
            reply = Map.of("status", 404);
        }
        byte[] out = Api.JSON.writeValueAsBytes(reply);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private static final String THRILLER = """
        {"id": "a-thriller", "title": "t", "phenomenon": "plain", "prefevalForm": "explicit", "persona": null,
         "stated": ["I avoid horror movies."], "history": [],
         "target": {"genres": ["thriller"], "stars": ["Liam Neeson"], "directors": []},
         "opening": "Can you recommend a movie?",
         "expect": {"mustAskFirst": true, "neverGenres": ["horror"], "mustApplyInstructionContaining": "horror",
                    "maxTurns": 6, "successWithin": 3}}
        """;
    private static final String COMEDY = """
        {"id": "b-comedy", "title": "t", "phenomenon": "none", "prefevalForm": null,
         "stated": [], "history": [{"role": "user", "text": "hi"}],
         "target": {"genres": ["comedy"], "stars": ["Will Ferrell"], "directors": []},
         "opening": "Something funny?", "expect": {"maxTurns": 3}}
        """;

    private String run(Path dir, int expectedExit, String... extra) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("scenarios", "--base", base, "--dir", dir.toString()));
        argv.addAll(List.of(extra));
        int code = EvalMain.run(argv.toArray(String[]::new), new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(expectedExit, code);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsScenariosChecksExpectationsAndWritesTheReport(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sc"));
        Files.writeString(dir.resolve("a.json"), THRILLER);
        Files.writeString(dir.resolve("b.json"), COMEDY);
        String out = run(dir, 1, "--fail-on-expectation", "--report", tmp.resolve("rep").toString());
        assertTrue(out.contains("SCENARIOS n=2 success=0.500 violations=1 ooc=2/6 clarify_rate=0.333 vague_asked=1/1 "), out);
        assertTrue(out.contains("failed=1"), out);
        assertTrue(out.contains("never: turn 2: The Shining (1980) [1] is horror"), out);
        // the simulated user: genre answer, then a refusal with the missing attribute, never a title
        assertTrue(messages.contains("Not that one, I'd like something thriller."), messages.toString());
        assertTrue(messages.stream().noneMatch(m -> m.contains("Taken") || m.contains("Shining")), messages.toString());
        assertTrue(feedback.contains("1:reject:I'd like something thriller."), feedback.toString());
        assertTrue(feedback.contains("999:reject:not in the catalog"), feedback.toString());
        assertTrue(feedback.contains("2:accept:"), feedback.toString());
        assertEquals(2, deleted.size(), "every scenario user is erased");
        JsonNode rep = Api.JSON.readTree(tmp.resolve("rep.json").toFile());
        assertEquals(2, rep.get("scenarios").size());
        JsonNode a = rep.get("scenarios").get(0);
        assertEquals("a-thriller", a.get("id").asText());
        assertEquals(3, a.get("successTurn").asInt());
        assertEquals(3, a.get("transcript").size());
        assertEquals("clarify", a.get("transcript").get(0).get("act").asText());
        assertFalse(rep.get("scenarios").get(1).get("successTopK").asBoolean());
        assertTrue(rep.get("scenarios").get(1).get("failedExpectations").isEmpty());
        String html = Files.readString(tmp.resolve("rep.html"));
        assertTrue(html.contains("<svg") && html.contains("Success by phenomenon") && html.contains("a-thriller"), "HTML report");
        assertTrue(html.contains("Not that one, I&#39;d like") || html.contains("Not that one, I'd like"), "transcript in the HTML");
        assertFalse(html.contains("<script"), "self-contained, no scripts");
    }

    @Test
    void withoutTheFlagFailuresDoNotChangeTheExitCodeAndOnlyFilters(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.json"), THRILLER);
        Files.writeString(tmp.resolve("b.json"), COMEDY);
        String out = run(tmp, 0, "--only", "b-comedy", "--seed", "7");
        assertTrue(out.contains("SCENARIOS n=1 success=0.000 "), out);
        assertEquals(3, messages.size(), "gives up after maxTurns");
        EvalException e = org.junit.jupiter.api.Assertions.assertThrows(EvalException.class, () -> run(tmp, 0, "--only", "nope"));
        assertEquals(EvalException.USAGE, e.exitCode());
    }
}
