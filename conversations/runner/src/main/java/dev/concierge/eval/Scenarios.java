package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code scenarios} command: each scenario runs as a fresh user against the live service over REST,
 * driven by a {@link SimUser}; expectations are checked by {@link Expectations}.
 */
public final class Scenarios {
    /** Top k of {@code GET .../recommendations} checked once at the end (secondary metric). */
    static final int TOP_K = 10;

    private final Api api;
    private final PrintStream out;
    private final long seed;
    private final Map<String, Optional<CatalogItem>> catalog = new ConcurrentHashMap<>();

    public Scenarios(Api api, PrintStream out, long seed) {
        this.api = api;
        this.out = out;
        this.seed = seed;
    }

    /** What one scenario produced. */
    public record Result(Scenario scenario, List<Expectations.TurnRecord> turns, List<String> userMessages,
                         Integer successTurn, String successItem, boolean successTopK, List<String> topK,
                         List<String> violations, List<String> failures, int recommended, int ooc,
                         int feedbackErrors, String error) {
    }

    /** Runs, prints table and summary, writes the report; returns the number of scenarios with a failed expectation. */
    public int run(List<Scenario> list, int concurrency, String report) {
        Progress p = new Progress("scenarios", list.size());
        List<Result> results = Parallel.map(list, concurrency, p, this::runOne);
        out.println("id\tphenomenon\tform\tturns\tsuccess_turn\ttopk\tfirst_act\tviolations\tooc\tfailed_expectations");
        int failedScenarios = 0;
        int n = results.size();
        int success = 0;
        int turnsTotal = 0;
        int clarifyTurns = 0;
        int vague = 0;
        int vagueAsked = 0;
        int recTotal = 0;
        int violTotal = 0;
        int recWithAvoid = 0;
        int oocTotal = 0;
        int topk = 0;
        int degraded = 0;
        long successTurnsSum = 0;
        List<Double> lat = new ArrayList<>();
        for (Result r : results) {
            Scenario s = r.scenario();
            if (!r.failures().isEmpty()) {
                failedScenarios++;
            }
            if (r.successTurn() != null) {
                success++;
                successTurnsSum += r.successTurn();
            }
            if (r.successTopK()) {
                topk++;
            }
            turnsTotal += r.turns().size();
            for (Expectations.TurnRecord t : r.turns()) {
                if ("clarify".equals(t.act())) {
                    clarifyTurns++;
                }
                if (t.degraded()) {
                    degraded++;
                }
                lat.add(t.latencyMs());
            }
            if (Boolean.TRUE.equals(s.expect().mustAskFirst())) {
                vague++;
                if (!r.turns().isEmpty() && "clarify".equals(r.turns().get(0).act())) {
                    vagueAsked++;
                }
            }
            recTotal += r.recommended();
            oocTotal += r.ooc();
            violTotal += r.violations().size();
            if (!s.expect().neverGenres().isEmpty() || !s.expect().neverItemIds().isEmpty()) {
                recWithAvoid += r.recommended();
            }
            String first = r.turns().isEmpty() ? "-" : r.turns().get(0).act();
            out.println(String.join("\t", s.id(), s.phenomenon(), s.prefevalForm() == null ? "-" : s.prefevalForm(),
                String.valueOf(r.turns().size()), r.successTurn() == null ? "-" : String.valueOf(r.successTurn()),
                r.successTopK() ? "y" : "n", first, String.valueOf(r.violations().size()), String.valueOf(r.ooc()),
                r.error() != null ? "ERROR " + r.error() : r.failures().isEmpty() ? "-" : String.join("; ", r.failures())));
        }
        double[] l = lat.stream().mapToDouble(Double::doubleValue).toArray();
        String p50 = l.length == 0 ? "n/a" : String.format("%.0f", Percentiles.of(l, 50));
        String p95 = l.length == 0 ? "n/a" : String.format("%.0f", Percentiles.of(l, 95));
        out.println(String.format("# success = a matching item in a Turn's recommendations; topk = a matching item in the top %d of"
            + " GET recommendations after the last turn (%d/%d); mean turns to success %s; degraded turns %d/%d;"
            + " violation rate %s of %d items recommended under an avoid-expectation", TOP_K, topk, n,
            success == 0 ? "n/a" : String.format("%.2f", successTurnsSum / (double) success), degraded, turnsTotal,
            recWithAvoid == 0 ? "n/a" : String.format("%.3f", violTotal / (double) recWithAvoid), recWithAvoid));
        String summary = String.format("SCENARIOS n=%d success=%s violations=%d ooc=%d/%d clarify_rate=%s vague_asked=%d/%d p50_ms=%s p95_ms=%s failed=%d",
            n, ratio(success, n), violTotal, oocTotal, recTotal, ratio(clarifyTurns, turnsTotal), vagueAsked, vague, p50, p95, failedScenarios);
        out.println(summary);
        if (report != null) {
            writeReport(report, results, summary);
        }
        return failedScenarios;
    }

    private static String ratio(int a, int b) {
        return b == 0 ? "n/a" : String.format("%.3f", a / (double) b);
    }

    /** A catalog item through the API, cached; empty when the service answers 404 (not in the catalog). */
    Optional<CatalogItem> item(String id) {
        return catalog.computeIfAbsent(id, k -> {
            Api.Response r = api.call("GET", "/api/v1/catalog/items/" + java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8), null, null);
            if (r.status() == 404) {
                return Optional.empty();
            }
            if (!r.ok()) {
                throw new EvalException("catalog item " + k + " -> " + r.describe(), EvalException.HTTP);
            }
            return Optional.of(CatalogItem.of(r.body()));
        });
    }

    Result runOne(Scenario s) {
        SimUser user = new SimUser(s.target(), seed, s.id());
        List<Expectations.TurnRecord> turns = new ArrayList<>();
        List<String> userMessages = new ArrayList<>();
        Map<String, CatalogItem> items = new LinkedHashMap<>();
        Integer successTurn = null;
        String successItem = null;
        int recommended = 0;
        int ooc = 0;
        int feedbackErrors = 0;
        boolean topkHit = false;
        List<String> topk = new ArrayList<>();
        String error = null;
        String t = api.token(Api.freshUserId("sc"));
        try {
            for (String text : s.stated()) {
                api.require("create instruction", "POST", "/api/v1/me/instructions", Map.of("text", text), t);
            }
            Map<String, Object> convBody = new LinkedHashMap<>();
            if (!s.history().isEmpty()) {
                List<Map<String, String>> h = new ArrayList<>();
                s.history().forEach(m -> h.add(Map.of("role", m.role(), "text", m.text())));
                convBody.put("history", h);
            }
            String cid = api.require("create conversation", "POST", "/api/v1/conversations", convBody, t).body().path("id").asText();
            String msg = s.opening();
            for (int i = 1; i <= s.expect().maxTurns(); i++) {
                userMessages.add(msg);
                long t0 = System.nanoTime();
                Api.Response r = api.call("POST", "/api/v1/conversations/" + cid + "/messages", Map.of("text", msg), t);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!r.ok()) {
                    error = "turn " + i + ": " + r.describe();
                    Progress.warn(s.id() + ": " + error);
                    break;
                }
                JsonNode turn = r.body();
                String act = turn.path("act").asText(null);
                List<String> recIds = new ArrayList<>();
                for (JsonNode x : turn.path("recommendations")) {
                    recIds.add(x.path("itemId").asText());
                }
                List<String> applied = new ArrayList<>();
                for (JsonNode x : turn.path("appliedInstructions")) {
                    applied.add(x.path("text").asText(null));
                }
                JsonNode attr = turn.path("clarification").get("attribute");
                turns.add(new Expectations.TurnRecord(i, msg, act, turn.path("text").asText(null),
                    attr == null || attr.isNull() ? null : attr.asText(), recIds, applied, turn.path("degraded").asBoolean(false), ms));
                CatalogItem firstMiss = null;
                for (String id : recIds) {
                    recommended++;
                    Optional<CatalogItem> it = item(id);
                    if (it.isEmpty()) {
                        ooc++;
                        continue;
                    }
                    items.put(id, it.get());
                    if (successTurn == null && user.matches(it.get())) {
                        successTurn = i;
                        successItem = it.get().name() + " [" + id + "]";
                    }
                }
                if (successTurn != null) {
                    String id = successItem.substring(successItem.lastIndexOf('[') + 1, successItem.length() - 1);
                    feedbackErrors += feedback(cid, id, "accept", null, t);
                    break;
                }
                for (String id : recIds) {
                    CatalogItem it = items.get(id);
                    String reason = it == null ? "not in the catalog" : user.reason(user.missing(it));
                    feedbackErrors += feedback(cid, id, "reject", reason, t);
                    if (firstMiss == null && it != null) {
                        firstMiss = it;
                    }
                }
                if (firstMiss != null) {
                    msg = user.refusal(firstMiss);
                } else if ("clarify".equals(act)) {
                    List<String> opts = Scenario.strings(turn.path("clarification").path("options"));
                    msg = user.answerClarification(attr == null || attr.isNull() ? null : attr.asText(), opts);
                } else {
                    msg = user.nudge();
                }
            }
            Api.Response recs = api.call("GET", "/api/v1/conversations/" + cid + "/recommendations?limit=" + TOP_K, null, t);
            if (recs.ok() && recs.body().isArray()) {
                for (JsonNode x : recs.body()) {
                    String id = x.path("itemId").asText(x.path("id").asText());
                    topk.add(id);
                    Optional<CatalogItem> it = item(id);
                    if (it.isPresent() && user.matches(it.get())) {
                        topkHit = true;
                    }
                }
            } else {
                Progress.warn(s.id() + ": recommendations -> " + recs.describe());
            }
        } finally {
            api.deleteMe(t);
        }
        if (feedbackErrors > 0) {
            Progress.warn(s.id() + ": " + feedbackErrors + " feedback call(s) failed");
        }
        Map<String, CatalogItem> known = new LinkedHashMap<>(items);
        List<String> violations = Expectations.violations(s.expect(), turns, known);
        List<String> failures = new ArrayList<>(Expectations.check(s, turns, successTurn, known));
        if (error != null) {
            failures.add(0, "error: " + error);
        }
        return new Result(s, turns, userMessages, successTurn, successItem, topkHit, topk, violations, failures,
            recommended, ooc, feedbackErrors, error);
    }

    private int feedback(String cid, String itemId, String verdict, String reason, String token) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("itemId", itemId);
        b.put("verdict", verdict);
        if (reason != null) {
            b.put("reason", reason);
        }
        Api.Response r = api.call("POST", "/api/v1/conversations/" + cid + "/feedback", b, token);
        return r.ok() ? 0 : 1;
    }

    private void writeReport(String report, List<Result> results, String summary) {
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        root.put("base", api.base());
        root.put("seed", seed);
        ArrayNode arr = root.putArray("scenarios");
        for (Result r : results) {
            ObjectNode o = arr.addObject();
            o.put("id", r.scenario().id());
            o.put("title", r.scenario().title());
            o.put("phenomenon", r.scenario().phenomenon());
            o.put("prefevalForm", r.scenario().prefevalForm());
            o.set("target", Api.JSON.valueToTree(r.scenario().target()));
            o.set("expect", Api.JSON.valueToTree(r.scenario().expect()));
            if (r.successTurn() == null) {
                o.putNull("successTurn");
            } else {
                o.put("successTurn", r.successTurn());
            }
            o.put("successItem", r.successItem());
            o.put("successTopK", r.successTopK());
            o.set("topK", Api.JSON.valueToTree(r.topK()));
            o.put("recommended", r.recommended());
            o.put("ooc", r.ooc());
            o.set("violations", Api.JSON.valueToTree(r.violations()));
            o.set("failedExpectations", Api.JSON.valueToTree(r.failures()));
            o.put("error", r.error());
            ArrayNode tr = o.putArray("transcript");
            for (Expectations.TurnRecord t : r.turns()) {
                tr.add(Api.JSON.valueToTree(t));
            }
        }
        Path p = Path.of(report.endsWith(".json") ? report : report + ".json");
        try {
            if (p.toAbsolutePath().getParent() != null) {
                Files.createDirectories(p.toAbsolutePath().getParent());
            }
            Api.JSON.writerWithDefaultPrettyPrinter().writeValue(p.toFile(), root);
        } catch (IOException e) {
            throw new EvalException("cannot write " + p.toAbsolutePath() + ": " + e.getMessage(), EvalException.DATA);
        }
        String stem = p.toString().substring(0, p.toString().length() - ".json".length());
        Path html = Path.of(stem + ".html");
        try {
            Files.writeString(html, HtmlReport.render(results, summary, root.get("generatedAt").asText() + "  base=" + api.base() + "  seed=" + seed));
        } catch (IOException e) {
            throw new EvalException("cannot write " + html.toAbsolutePath() + ": " + e.getMessage(), EvalException.DATA);
        }
        System.err.println("report: " + p.toAbsolutePath() + " and " + html.getFileName());
    }
}
