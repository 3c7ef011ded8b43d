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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the runner end to end against a tiny in-process fake of the API (JDK HttpServer): the
 * protocol's calls, per-user isolation and the summary lines. The fake's "intelligence" is word overlap.
 */
class FakeServiceTest {
    private FakeHttp server;
    private String base;
    private final Map<String, List<ObjectNode>> instructions = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<String> seekerMessages = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonNode> histories = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = FakeHttp.start(this::handle);
        base = server.base();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Set<String> words(String s) {
        return Arrays.stream(s.toLowerCase().split("[^a-z]+")).filter(w -> w.length() > 2).collect(Collectors.toSet());
    }

    private FakeHttp.Reply handle(FakeHttp.Request req) {
        String path = req.path();
        String method = req.method();
        JsonNode body = req.body();
        String user = req.bearer();
        Object reply;
        int status = 200;
        var f = Api.JSON.getNodeFactory();
        if (path.equals("/q/health/ready")) {
            reply = Map.of("status", "UP");
        } else if (path.equals("/api/v1/dev/token")) {
            String u = body.get("userId").asText();
            tokens.add(u);
            reply = Map.of("token", u);
        } else if (path.equals("/api/v1/catalog/items")) {
            reply = List.of(Map.of("name", "Star Wars (1977)"));
        } else if (user == null) {
            status = 401;
            reply = Map.of("title", "Unauthorized", "status", 401);
        } else if (path.equals("/api/v1/me") && method.equals("DELETE")) {
            deleted.add(user);
            instructions.remove(user);
            return FakeHttp.Reply.noContent();
        } else if (path.equals("/api/v1/me/instructions") && method.equals("POST")) {
            ObjectNode it = f.objectNode().put("id", "i" + ids.incrementAndGet()).put("text", body.get("text").asText());
            instructions.computeIfAbsent(user, k -> Collections.synchronizedList(new ArrayList<>())).add(it);
            status = 201;
            reply = it;
        } else if (path.equals("/api/v1/me/instructions/extract")) {
            ArrayNode added = f.arrayNode();
            int i = 0;
            for (JsonNode m : body.get("messages")) {
                if (m.get("role").asText().equals("user") && m.get("text").asText().startsWith("I ")) {
                    ObjectNode it = f.objectNode().put("id", "i" + ids.incrementAndGet()).put("text", m.get("text").asText());
                    it.putObject("source").put("messageId", i);
                    instructions.computeIfAbsent(user, k -> Collections.synchronizedList(new ArrayList<>())).add(it);
                    added.add(it);
                }
                i++;
            }
            reply = Map.of("added", added, "updated", List.of(), "superseded", List.of());
        } else if (path.equals("/api/v1/me/instructions/search")) {
            reply = search(user, body.get("query").asText(), body.path("k").asInt(5));
        } else if (path.equals("/api/v1/conversations") && method.equals("POST")) {
            histories.add(body.path("history"));
            status = 201;
            reply = Map.of("id", "c" + ids.incrementAndGet());
        } else if (path.endsWith("/messages")) {
            String text = body.get("text").asText();
            seekerMessages.add(text);
            ArrayNode applied = f.arrayNode();
            for (JsonNode r : search(user, text, 1)) {
                applied.add(f.objectNode().put("id", r.get("instruction").get("id").asText()));
            }
            ObjectNode turn = f.objectNode().put("act", text.equals(Protocol.B3_OPENING) ? "clarify" : "recommend");
            if (text.equals(Protocol.B3_OPENING)) {
                turn.putObject("clarification").put("attribute", "genre");
            }
            turn.set("appliedInstructions", applied);
            reply = turn;
        } else if (path.endsWith("/recommendations")) {
            reply = List.of(Map.of("name", "The Shining (1980)"), Map.of("name", "Not In Catalog (2099)"));
        } else {
            status = 404;
            reply = Map.of("status", 404);
        }
        return new FakeHttp.Reply(status, reply);
    }

    private ArrayNode search(String user, String query, int k) {
        var f = Api.JSON.getNodeFactory();
        Set<String> q = words(query);
        List<ObjectNode> mine = new ArrayList<>(instructions.getOrDefault(user, List.of()));
        mine.sort((a, b) -> Long.compare(overlap(q, b), overlap(q, a)));
        ArrayNode res = f.arrayNode();
        for (ObjectNode it : mine.subList(0, Math.min(k, mine.size()))) {
            if (overlap(q, it) > 0) {
                res.add(f.objectNode().<ObjectNode>set("instruction", it).put("score", overlap(q, it)));
            }
        }
        return res;
    }

    private static long overlap(Set<String> q, JsonNode it) {
        return words(it.get("text").asText()).stream().filter(q::contains).count();
    }

    private String run(String... argv) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--base", base));
        args.addAll(List.of(argv));
        int code = EvalMain.run(args.toArray(String[]::new), new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(0, code, buf.toString(StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static Path prefeval(Path dir) throws IOException {
        Path ex = Files.createDirectories(dir.resolve("explicit_preference"));
        Files.writeString(ex.resolve("food.json"),
            "[{\"preference\":\"I hate cilantro\",\"question\":\"Any cilantro recipes?\",\"explanation\":\"\"}]");
        Files.writeString(ex.resolve("travel.json"),
            "[{\"preference\":\"I love trains\",\"question\":\"Best trains to Paris?\",\"explanation\":\"\"}]");
        Files.writeString(dir.resolve("filtered_inter_turns.json"),
            "[{\"conversation\":[{\"role\":\"user\",\"content\":\"hello there\"},{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "{\"role\":\"user\",\"content\":\"I adore trains and cilantro\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}]");
        return dir;
    }

    private static Path[] redial(Path dir) throws IOException {
        Path movies = dir.resolve("movies.jsonl");
        Files.writeString(movies, "{\"name\":\"The Shining (1980)\",\"genres\":[\"horror\",\"mystery\"],\"stars\":[],\"directors\":[]}\n"
            + "{\"name\":\"Alien (1979)\",\"genres\":[\"sci-fi\"],\"stars\":[],\"directors\":[]}\n");
        Path turns = dir.resolve("turns.jsonl");
        Files.writeString(turns,
            "{\"dialog_id\":\"1\",\"turn_id\":2,\"context\":[\"\",\"Hi\",\"something scary\"],\"rec\":[\"The Shining (1980)\"]}\n"
                + "{\"dialog_id\":\"2\",\"turn_id\":2,\"context\":[\"\",\"Hi\",\"space\"],\"rec\":[\"Alien (1979)\"]}\n"
                + "{\"dialog_id\":\"3\",\"turn_id\":4,\"context\":[\"I saw The Shining (1980)\"],\"rec\":[\"The Shining (1980)\"]}\n");
        return new Path[] {turns, movies};
    }

    @Test
    void smokePassesAgainstAConformingService() {
        String out = run("smoke");
        assertTrue(out.contains("star wars -> Star Wars (1977)"), out);
        assertEquals("SMOKE ok=True", lastLine(out));
    }

    @Test
    void b1CountsHitsAndNoiseAndDeletesEveryUser(@TempDir Path tmp) throws IOException {
        String out = run("b1", "--data", prefeval(tmp).toString(), "--ns", "0,2");
        assertTrue(out.contains("B1 records=2 distractor_pairs=2"), out);
        // N=0: both preferences found. N=2: the distractor "I adore trains and cilantro" is noise
        // (1 per record over 2 turns = 50 per 100 turns) and outranks nothing it ties with at rank 0.
        assertTrue(out.contains("0\t1.000\t1.000\t0.00\t1.000"), out);
        assertTrue(out.contains("\n2\t"), out);
        assertTrue(out.contains("\t50.00\t"), out);
        assertTrue(lastLine(out).matches("B1 min_hit5=1\\.000"), out);
        assertEquals(tokens, deleted);
        assertEquals(4, deleted.size());
    }

    @Test
    void b2RanksGoldFirstAndReadsAppliedInstructions(@TempDir Path tmp) throws IOException {
        String out = run("b2", "--data", prefeval(tmp).toString(), "--concurrency", "2");
        assertTrue(out.contains("B2 records=2 profile_size=2"), out);
        assertEquals("B2 r1=1.000 r3=1.000 applied_recall=1.000 applied_size=1.00", lastLine(out));
        assertEquals(tokens, deleted);
    }

    @Test
    void b3AnswersTheGenreClarificationAndHonoursTheSplit(@TempDir Path tmp) throws IOException {
        Path[] r = redial(tmp);
        String out = run("b3", "--turns", r[0].toString(), "--movies", r[1].toString());
        assertTrue(out.contains("B3 split=heldout turns=2 evaluated=2 dialogs=2"), out);
        assertEquals("B3 r1=1.000 r10=1.000 r50=1.000 ooc=2/4 rounds=2.00", lastLine(out));
        assertTrue(seekerMessages.contains("I like horror, mystery."), seekerMessages.toString());
        assertTrue(histories.stream().anyMatch(h -> h.toString().equals(
            "[{\"role\":\"assistant\",\"text\":\"Hi\"},{\"role\":\"user\",\"text\":\"something scary\"}]")), histories.toString());
    }

    @Test
    void b4SkipsTurnsWhoseGoldIsInTheContext(@TempDir Path tmp) throws IOException {
        Path[] r = redial(tmp);
        String out = run("b4", "--turns", r[0].toString(), "--movies", r[1].toString(), "--split", "all");
        assertTrue(out.contains("B4 split=all turns=3 evaluated=2"), out);
        assertEquals("B4 r1=0.500 r10=0.500 r50=0.500 ooc=2/4", lastLine(out));
        assertTrue(seekerMessages.isEmpty());
    }

    @Test
    void latencyReportsPercentilesWithoutRedis() {
        String out = run("latency", "--sizes", "3", "--repeats", "5", "--warmup", "1", "--redis", "none");
        assertTrue(out.contains("size\tcreated\tsearch_p50_ms"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("3\t3\t")), out);
        assertTrue(lastLine(out).startsWith("LATENCY search_p50_ms=3:"), out);
        assertEquals(tokens, deleted);
    }

    @Test
    void unreachableServiceIsAOneLineHttpError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EvalException e = assertThrows(EvalException.class,
            () -> EvalMain.run(new String[] {"--base", "http://127.0.0.1:" + port, "smoke"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(EvalException.HTTP, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot connect to http://127.0.0.1:" + port), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void missingDataIsADataError() {
        EvalException e = assertThrows(EvalException.class,
            () -> EvalMain.run(new String[] {"--base", base, "b2", "--data", "/no/such/dir"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(EvalException.DATA, e.exitCode());
        assertTrue(e.getMessage().contains("/no/such/dir"));
    }
}
