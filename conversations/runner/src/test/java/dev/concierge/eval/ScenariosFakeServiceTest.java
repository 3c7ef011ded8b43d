package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
    private FakeHttp server;
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
        server = FakeHttp.start(this::handle);
        base = server.base();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FakeHttp.Reply handle(FakeHttp.Request req) {
        String path = req.path();
        String method = req.method();
        JsonNode body = req.body();
        String user = req.bearer();
        Object reply;
        int status = 200;
        var f = Api.JSON.getNodeFactory();
        if (path.equals("/api/v1/dev/token")) {
            reply = Map.of("token", body.get("userId").asText());
        } else if (path.equals("/api/v1/catalog/items")) {
            String person = java.net.URLDecoder.decode(req.query().replaceAll(".*person=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            reply = Map.of("items", CATALOG.values().stream().filter(it -> {
                @SuppressWarnings("unchecked") Map<String, List<String>> a = (Map<String, List<String>>) it.get("attributes");
                return a.get("stars").contains(person) || a.get("directors").contains(person);
            }).toList());
        } else if (path.startsWith("/api/v1/catalog/items/")) {
            String id = path.substring("/api/v1/catalog/items/".length());
            reply = CATALOG.containsKey(id) ? CATALOG.get(id) : Map.of("status", 404);
            status = CATALOG.containsKey(id) ? 200 : 404;
        } else if (user == null) {
            status = 401;
            reply = Map.of("status", 401);
        } else if (path.equals("/api/v1/me") && method.equals("DELETE")) {
            deleted.add(user);
            return FakeHttp.Reply.noContent();
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
            return FakeHttp.Reply.noContent();
        } else if (path.endsWith("/recommendations")) {
            reply = List.of(Map.of("itemId", "2", "name", "Taken (2008)"));
        } else {
            status = 404;
            reply = Map.of("status", 404);
        }
        return new FakeHttp.Reply(status, reply);
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
        // a-thriller: success at turn 3, Taken ranked 1st in GET recommendations; b-comedy: no success in 3 turns
        assertEquals("SCENARIOS n=2 transport=rest user=rule success=0.500 r@1=0.500 r@5=0.500 r@10=0.500 turns_to_success=3.00"
            + " clarify_rate=0.333 vague_asked=1/1 violations=1 violation_rate=0.333 ooc=2/6 ooc_rate=0.333 p50_ms=" + field(out, "p50_ms")
            + " p95_ms=" + field(out, "p95_ms") + " llm_tokens_per_turn=n/a(offline) failed=1", lastLine(out));
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
        for (String chart : List.of("recall", "violations", "turns", "latency")) {
            assertTrue(html.contains("id=\"chart-" + chart + "\""), chart + " chart");
        }
        // expectation results, held and failed, next to the transcript
        assertTrue(html.contains("&#10003; mustAskFirst: the first turn asked (genre)"), html);
        assertTrue(html.contains("&#10007; never [horror]: turn 2: The Shining (1980) [1] is horror"), html);
        assertEquals(0.5, rep.get("metrics").get("recallAtK").get("1").asDouble());
        assertEquals(1, rep.get("scenarios").get(0).get("topKHitRank").asInt());
        assertEquals(4, rep.get("scenarios").get(0).get("expectations").size());
        assertTrue(html.contains("Not that one, I&#39;d like") || html.contains("Not that one, I'd like"), "transcript in the HTML");
        assertFalse(html.contains("<script"), "self-contained, no scripts");
    }

    static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    static String field(String out, String key) {
        return lastLine(out).replaceAll(".* " + key + "=(\\S+).*", "$1");
    }

    /** A fake OpenAI-compatible server that plays the user: answers questions, and names the target title when refusing. */
    private FakeHttp fakeLlm(List<JsonNode> requests) throws IOException {
        return FakeHttp.start(req -> {
            if (!req.path().equals("/v1/chat/completions") || !"k-1".equals(req.bearer())) {
                return new FakeHttp.Reply(404, Map.of("error", "no"));
            }
            requests.add(req.body());
            String situation = req.body().path("messages").get(1).path("content").asText();
            String content = situation.contains("asked you about") ? "Honestly, I'm in the mood for a thriller."
                : situation.contains("Turn it down") ? "Nah. Have you got Taken with Liam Neeson?" : "Just pick a good one for me.";
            return FakeHttp.Reply.ok(Map.of("choices", List.of(Map.of("message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", 30, "completion_tokens", 12, "total_tokens", 42)));
        });
    }

    @Test
    void anLlmPlaysTheUserWhenConfiguredAndATitleLeakFallsBackToTheRuleBasedAnswer(@TempDir Path root) throws IOException {
        Path tmp = Files.createDirectories(root.resolve("sc"));
        Files.writeString(tmp.resolve("a.json"), THRILLER);
        List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
        try (FakeHttp llm = fakeLlm(requests)) {
            String out = run(tmp, 0, "--user-llm-url", llm.base() + "/v1", "--user-llm-model", "m-1", "--user-llm-key", "k-1",
                "--report", root.resolve("rep").toString());
            // turn 2 is the LLM's answer to the genre question; turn 3 is the rule-based refusal, because the
            // LLM's refusal named "Taken", a catalog film that matches the hidden target
            assertEquals(List.of("Can you recommend a movie?", "Honestly, I'm in the mood for a thriller.",
                "Not that one, I'd like something thriller."), messages);
            assertEquals(2, requests.size());
            for (JsonNode r : requests) {
                assertEquals("m-1", r.get("model").asText());
                assertEquals(0, r.get("temperature").asInt());
                assertTrue(r.get("seed").isIntegralNumber(), r.toString());
                String system = r.get("messages").get(0).get("content").asText();
                assertTrue(system.contains("thriller") && system.contains("Liam Neeson"), system);
                assertFalse(system.contains("Taken"), "the prompt never carries a title: " + system);
            }
            assertTrue(lastLine(out).contains(" user=llm "), out);
            assertTrue(lastLine(out).contains(" user_llm_tokens_per_msg=42.00 user_llm_fallbacks=1 "), out);
            JsonNode rep = Api.JSON.readTree(root.resolve("rep.json").toFile()).get("scenarios").get(0);
            assertEquals(1, rep.get("userLlm").get("replies").asInt());
            assertTrue(rep.get("userLlm").get("fallbacks").get(0).asText().contains("named the target title \"taken\""), rep.toString());
            assertEquals(3, rep.get("successTurn").asInt());

            // same seed, same requests: the seeds sent are a function of (seed, scenario, turn)
            List<Long> seeds = requests.stream().map(r -> r.get("seed").asLong()).toList();
            requests.clear();
            messages.clear();
            run(tmp, 0, "--user-llm-url", llm.base() + "/v1", "--user-llm-model", "m-1", "--user-llm-key", "k-1");
            assertEquals(seeds, requests.stream().map(r -> r.get("seed").asLong()).toList());
            requests.clear();
            run(tmp, 0, "--seed", "2", "--user-llm-url", llm.base() + "/v1", "--user-llm-model", "m-1", "--user-llm-key", "k-1");
            assertFalse(seeds.equals(requests.stream().map(r -> r.get("seed").asLong()).toList()), "another seed, other requests");
        }
    }

    @Test
    void anUnreachableUserLlmFallsBackToTheRuleBasedUser(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.json"), THRILLER);
        List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
        try (FakeHttp llm = fakeLlm(requests)) {
            // wrong key: the fake answers 404, so every message is the rule-based one
            String out = run(tmp, 0, "--user-llm-url", llm.base() + "/v1", "--user-llm-key", "wrong");
            assertEquals("Not that one, I'd like something thriller.", messages.get(2));
            assertTrue(messages.get(1).startsWith("I'd like something thriller") || messages.get(1).startsWith("Something thriller"), messages.toString());
            assertTrue(lastLine(out).contains(" user_llm_fallbacks=2 "), out);
        }
    }

    @Test
    void withoutTheFlagFailuresDoNotChangeTheExitCodeAndOnlyFilters(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.json"), THRILLER);
        Files.writeString(tmp.resolve("b.json"), COMEDY);
        String out = run(tmp, 0, "--only", "b-comedy", "--seed", "7");
        assertTrue(out.contains("SCENARIOS n=1 transport=rest user=rule success=0.000 "), out);
        assertEquals(3, messages.size(), "gives up after maxTurns");
        EvalException e = org.junit.jupiter.api.Assertions.assertThrows(EvalException.class, () -> run(tmp, 0, "--only", "nope"));
        assertEquals(EvalException.USAGE, e.exitCode());
    }
}
