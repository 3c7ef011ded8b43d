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
 * The {@code scenarios} command: each scenario runs as a fresh user against the live service, its chat
 * turns and feedback over REST or the WebSocket ({@link Chat.Transport}), driven by a {@link SimUser}
 * (or an {@link LlmUser} when a user LLM is configured); expectations are checked by {@link Expectations},
 * numbers by {@link Metrics}.
 */
public final class Scenarios {
    /** Top k of {@code GET .../recommendations} checked once at the end (Recall@k up to this k). */
    static final int TOP_K = 10;

    private final Api api;
    private final PrintStream out;
    private final long seed;
    private final Chat.Transport transport;
    private final UserLlm userLlm;
    private final Map<String, Optional<CatalogItem>> catalog = new ConcurrentHashMap<>();

    public Scenarios(Api api, PrintStream out, long seed) {
        this(api, out, seed, Chat.Transport.REST, null);
    }

    /** {@code userLlm} null: the rule-based simulated user. */
    public Scenarios(Api api, PrintStream out, long seed, Chat.Transport transport, UserLlm userLlm) {
        this.api = api;
        this.out = out;
        this.seed = seed;
        this.transport = transport;
        this.userLlm = userLlm;
    }

    /** What the LLM-played user did in one scenario: messages it wrote, tokens, and the rule-based fallbacks with why. */
    public record UserLlmStats(int replies, int tokens, List<String> fallbacks) {
    }

    /** What one scenario produced. {@code topKHitRank}: 1-based rank of the first matching item in the top k, or null. */
    public record Result(Scenario scenario, List<Expectations.TurnRecord> turns, List<String> userMessages,
                         Integer successTurn, String successItem, boolean successTopK, Integer topKHitRank, List<String> topK,
                         List<String> violations, List<Expectations.Check> checks, List<String> failures, int recommended, int ooc,
                         int feedbackErrors, Long serviceTokens, UserLlmStats userLlm, String error) {
    }

    /** A whole run: every result, the metrics and the summary line. */
    public record Run(List<Result> results, Metrics metrics, String summary) {
        public int failedScenarios() {
            return metrics.failedScenarios();
        }
    }

    public String userLabel() {
        return userLlm == null ? "rule" : "llm";
    }

    /** Runs, prints table and summary (last), writes the report; returns the number of scenarios with a failed expectation. */
    public int run(List<Scenario> list, int concurrency, String report) {
        return execute(list, concurrency, report).failedScenarios();
    }

    /** As {@link #run} but returns everything (the CI smoke test reads the results). */
    public Run execute(List<Scenario> list, int concurrency, String report) {
        Long tokensBefore = serviceLlmTokens();
        Progress p = new Progress("scenarios " + transport.label(), list.size());
        List<Result> results = Parallel.map(list, concurrency, p, this::runOne);
        Long tokensAfter = serviceLlmTokens();
        Long fromTurns = null;
        for (Result r : results) {
            if (r.serviceTokens() != null) {
                fromTurns = (fromTurns == null ? 0 : fromTurns) + r.serviceTokens();
            }
        }
        Long serviceTokens;
        String source;
        if (fromTurns != null) {
            serviceTokens = fromTurns;
            source = "Turn usage";
        } else if (tokensBefore != null && tokensAfter != null) {
            serviceTokens = tokensAfter - tokensBefore;
            source = "/q/metrics concierge_llm_tokens_total delta";
        } else {
            serviceTokens = null;
            source = "unknown";
        }
        Metrics m = Metrics.of(results, serviceTokens, source);
        out.println("id\tphenomenon\tform\tturns\tsuccess_turn\ttopk_rank\tfirst_act\tviolations\tooc\tfailed_expectations");
        for (Result r : results) {
            Scenario s = r.scenario();
            String first = r.turns().isEmpty() ? "-" : r.turns().get(0).act();
            out.println(String.join("\t", s.id(), s.phenomenon(), s.prefevalForm() == null ? "-" : s.prefevalForm(),
                String.valueOf(r.turns().size()), r.successTurn() == null ? "-" : String.valueOf(r.successTurn()),
                r.topKHitRank() == null ? "-" : String.valueOf(r.topKHitRank()), first, String.valueOf(r.violations().size()),
                String.valueOf(r.ooc()), r.error() != null ? "ERROR " + r.error() : r.failures().isEmpty() ? "-" : String.join("; ", r.failures())));
        }
        out.println(String.format(java.util.Locale.ROOT, "# success = a matching item in a Turn's recommendations; r@k = a matching item in the top k of"
                + " GET recommendations after the last turn (k<=%d); turns to success mean %s median %s; degraded turns %d/%d;"
                + " violation rate = %d of %d items recommended under an avoid-expectation; expectations checked %d, failed %d;"
                + " service LLM tokens: %s (%s)%s",
            TOP_K, Metrics.f2(m.meanTurnsToSuccess()), Metrics.f2(m.medianTurnsToSuccess()), m.degradedTurns(), m.turns(),
            m.violations(), m.recommendedUnderAvoid(), m.checks(), m.failedChecks(), m.serviceTokensText(), source,
            userLlm == null ? "" : "; user LLM " + userLlm.describe() + ": " + m.userLlmReplies() + " messages, "
                + m.userLlmFallbacks() + " rule-based fallbacks"));
        String summary = m.summary(transport.label(), userLabel());
        Run run = new Run(results, m, summary);
        if (report != null) {
            writeReport(report, run);
        }
        out.println(summary);
        return run;
    }

    /** Sum of the service's {@code concierge_llm_tokens_total} series in {@code /q/metrics}, or null when not readable. */
    Long serviceLlmTokens() {
        Api.Response r;
        try {
            r = api.call("GET", "/q/metrics", null, null, "text/plain");
        } catch (EvalException e) {
            return null;
        }
        if (!r.ok() || !r.body().isTextual()) {
            return null;
        }
        double sum = 0;
        for (String line : r.body().asText().split("\n")) {
            if (line.startsWith("concierge_llm_tokens_total")) {
                try {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        }
        return (long) sum;
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

    /** Titles of catalog films that match the target (searched by each target person): what an LLM user must never say. */
    List<String> targetTitles(SimUser user, Scenario.Target target) {
        java.util.Set<String> titles = new java.util.LinkedHashSet<>();
        List<String> people = new ArrayList<>(target.stars());
        people.addAll(target.directors());
        for (String person : people) {
            Api.Response r = api.call("GET", "/api/v1/catalog/items?limit=100&person="
                + java.net.URLEncoder.encode(person, java.nio.charset.StandardCharsets.UTF_8), null, null);
            if (!r.ok()) {
                Progress.warn("catalog search person=" + person + " -> " + r.describe());
                continue;
            }
            for (JsonNode n : r.body().path("items")) {
                if (user.matches(CatalogItem.of(n))) {
                    titles.add(n.path("name").asText(""));
                    if (n.hasNonNull("title")) {
                        titles.add(n.get("title").asText());
                    }
                }
            }
        }
        titles.remove("");
        return new ArrayList<>(titles);
    }

    Result runOne(Scenario s) {
        SimUser rule = new SimUser(s.target(), seed, s.id());
        LlmUser llmUser = userLlm == null ? null : new LlmUser(userLlm, rule, s, targetTitles(rule, s.target()), seed);
        List<Expectations.TurnRecord> turns = new ArrayList<>();
        List<String> userMessages = new ArrayList<>();
        Map<String, CatalogItem> items = new LinkedHashMap<>();
        Integer successTurn = null;
        String successItem = null;
        int recommended = 0;
        int ooc = 0;
        int feedbackErrors = 0;
        Integer topkRank = null;
        Long serviceTokens = null;
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
            try (Chat chat = Chat.open(transport, api, t)) {
                String msg = s.opening();
                for (int i = 1; i <= s.expect().maxTurns(); i++) {
                    userMessages.add(msg);
                    long t0 = System.nanoTime();
                    Chat.Reply r = chat.send(cid, msg);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (!r.ok()) {
                        error = "turn " + i + ": " + r.error();
                        Progress.warn(s.id() + ": " + error);
                        break;
                    }
                    JsonNode turn = r.turn();
                    JsonNode usage = turn.path("usage");
                    JsonNode total = usage.has("totalTokens") ? usage.get("totalTokens") : usage.get("total_tokens");
                    if (total != null && total.isNumber()) {
                        serviceTokens = (serviceTokens == null ? 0 : serviceTokens) + total.asLong();
                    }
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
                    String assistantText = turn.path("text").asText(null);
                    turns.add(new Expectations.TurnRecord(i, msg, act, assistantText,
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
                        if (successTurn == null && rule.matches(it.get())) {
                            successTurn = i;
                            successItem = it.get().name() + " [" + id + "]";
                        }
                    }
                    if (successTurn != null) {
                        String id = successItem.substring(successItem.lastIndexOf('[') + 1, successItem.length() - 1);
                        feedbackErrors += chat.feedback(cid, id, "accept", null) ? 0 : 1;
                        break;
                    }
                    for (String id : recIds) {
                        CatalogItem it = items.get(id);
                        String reason = it == null ? "not in the catalog" : rule.reason(rule.missing(it));
                        feedbackErrors += chat.feedback(cid, id, "reject", reason) ? 0 : 1;
                        if (firstMiss == null && it != null) {
                            firstMiss = it;
                        }
                    }
                    if (i == s.expect().maxTurns()) {
                        break;
                    }
                    String attribute = attr == null || attr.isNull() ? null : attr.asText();
                    if (firstMiss != null) {
                        msg = llmUser == null ? rule.refusal(firstMiss) : llmUser.refusal(firstMiss, assistantText);
                    } else if ("clarify".equals(act)) {
                        List<String> opts = Scenario.strings(turn.path("clarification").path("options"));
                        msg = llmUser == null ? rule.answerClarification(attribute, opts) : llmUser.answerClarification(attribute, opts, assistantText);
                    } else {
                        msg = llmUser == null ? rule.nudge() : llmUser.nudge(assistantText);
                    }
                }
            }
            Api.Response recs = api.call("GET", "/api/v1/conversations/" + cid + "/recommendations?limit=" + TOP_K, null, t);
            if (recs.ok() && recs.body().isArray()) {
                int rank = 0;
                for (JsonNode x : recs.body()) {
                    rank++;
                    String id = x.path("itemId").asText(x.path("id").asText());
                    topk.add(id);
                    Optional<CatalogItem> it = item(id);
                    if (topkRank == null && it.isPresent() && rule.matches(it.get())) {
                        topkRank = rank;
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
        List<Expectations.Check> checks = Expectations.results(s, turns, successTurn, known);
        List<String> failures = new ArrayList<>(Expectations.check(s, turns, successTurn, known));
        if (error != null) {
            failures.add(0, "error: " + error);
        }
        UserLlmStats stats = llmUser == null ? null : new UserLlmStats(llmUser.replies, llmUser.tokens, List.copyOf(llmUser.fallbacks));
        return new Result(s, turns, userMessages, successTurn, successItem, topkRank != null, topkRank, topk, violations, checks,
            failures, recommended, ooc, feedbackErrors, serviceTokens, stats, error);
    }

    private void writeReport(String report, Run run) {
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        root.put("base", api.base());
        root.put("seed", seed);
        root.put("transport", transport.label());
        root.put("user", userLlm == null ? "rule" : "llm " + userLlm.describe());
        root.put("summary", run.summary());
        Metrics m = run.metrics();
        ObjectNode mj = root.putObject("metrics");
        mj.put("scenarios", m.n());
        mj.put("successRate", m.successRate());
        ObjectNode rk = mj.putObject("recallAtK");
        for (int i = 0; i < Metrics.KS.length; i++) {
            rk.put(String.valueOf(Metrics.KS[i]), m.recallAtK()[i]);
        }
        if (m.meanTurnsToSuccess() != null) {
            mj.put("meanTurnsToSuccess", m.meanTurnsToSuccess());
            mj.put("medianTurnsToSuccess", m.medianTurnsToSuccess());
        }
        mj.put("clarificationRate", m.clarificationRate());
        mj.put("vagueOpenings", m.vague());
        mj.put("vagueAnsweredWithQuestion", m.vagueAsked());
        mj.put("violations", m.violations());
        mj.put("recommendedUnderAvoid", m.recommendedUnderAvoid());
        mj.put("violationRate", m.violationRate());
        mj.put("outOfCatalog", m.ooc());
        mj.put("recommended", m.recommended());
        mj.put("outOfCatalogRate", m.oocRate());
        mj.put("latencyP50Ms", m.p50Ms());
        mj.put("latencyP95Ms", m.p95Ms());
        mj.put("turns", m.turns());
        mj.put("degradedTurns", m.degradedTurns());
        mj.put("llmTokensPerTurn", m.serviceTokensText());
        mj.put("llmTokensSource", m.serviceTokensSource());
        if (m.userLlmTokensPerMessage() != null) {
            mj.put("userLlmTokensPerMessage", m.userLlmTokensPerMessage());
        }
        mj.put("expectationsChecked", m.checks());
        mj.put("expectationsFailed", m.failedChecks());
        mj.put("failedScenarios", m.failedScenarios());
        ArrayNode arr = root.putArray("scenarios");
        for (Result r : run.results()) {
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
            if (r.topKHitRank() == null) {
                o.putNull("topKHitRank");
            } else {
                o.put("topKHitRank", r.topKHitRank());
            }
            o.set("topK", Api.JSON.valueToTree(r.topK()));
            o.put("recommended", r.recommended());
            o.put("ooc", r.ooc());
            o.set("violations", Api.JSON.valueToTree(r.violations()));
            o.set("expectations", Api.JSON.valueToTree(r.checks()));
            o.set("failedExpectations", Api.JSON.valueToTree(r.failures()));
            if (r.userLlm() != null) {
                o.set("userLlm", Api.JSON.valueToTree(r.userLlm()));
            }
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
            Files.writeString(html, HtmlReport.render(run, root.get("generatedAt").asText() + "  base=" + api.base() + "  seed=" + seed
                + "  transport=" + transport.label() + "  user=" + root.get("user").asText()));
        } catch (IOException e) {
            throw new EvalException("cannot write " + html.toAbsolutePath() + ": " + e.getMessage(), EvalException.DATA);
        }
        System.err.println("report: " + p.toAbsolutePath() + " and " + html.getFileName());
    }
}
