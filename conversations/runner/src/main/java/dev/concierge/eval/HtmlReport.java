package dev.concierge.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A self-contained HTML page (inline SVG bar charts, no scripts, no external resources) for a scenarios run. */
public final class HtmlReport {
    private HtmlReport() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A horizontal bar chart: label -> [value, max] (bar length value/max, text "value/max"); {@code id} names the SVG. */
    static String bars(String id, String title, Map<String, int[]> rows) {
        int w = 420;
        int rowH = 22;
        StringBuilder b = new StringBuilder();
        b.append("<figure><h3>").append(esc(title)).append("</h3>\n<svg class=\"chart\" id=\"chart-").append(id)
            .append("\" width=\"").append(w + 260).append("\" height=\"")
            .append(rows.size() * rowH + 6).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
        int y = 2;
        for (Map.Entry<String, int[]> e : rows.entrySet()) {
            int v = e.getValue()[0];
            int max = Math.max(1, e.getValue()[1]);
            int len = (int) Math.round(w * (double) v / max);
            b.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\">").append(esc(e.getKey())).append("</text>")
                .append("<rect x=\"150\" y=\"").append(y + 3).append("\" width=\"").append(w).append("\" height=\"15\" fill=\"#eee\"/>")
                .append("<rect x=\"150\" y=\"").append(y + 3).append("\" width=\"").append(len).append("\" height=\"15\" fill=\"#4a7fb5\"/>")
                .append("<text x=\"").append(160 + w).append("\" y=\"").append(y + 15).append("\" font-size=\"13\">")
                .append(v).append("/").append(e.getValue()[1]).append("</text>\n");
            y += rowH;
        }
        return b.append("</svg></figure>\n").toString();
    }

    static Map<String, int[]> successBy(List<Scenarios.Result> results, Function<Scenarios.Result, String> key) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (Scenarios.Result r : results) {
            int[] c = m.computeIfAbsent(key.apply(r), k -> new int[2]);
            c[1]++;
            if (r.successTurn() != null) {
                c[0]++;
            }
        }
        return m;
    }

    /** Violations by phenomenon: recommended items that broke an avoid-expectation / items recommended under one. */
    static Map<String, int[]> violationsBy(List<Scenarios.Result> results) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (Scenarios.Result r : results) {
            Scenario.Expect e = r.scenario().expect();
            if (e.neverGenres().isEmpty() && e.neverItemIds().isEmpty()) {
                continue;
            }
            int[] c = m.computeIfAbsent(r.scenario().phenomenon(), k -> new int[2]);
            c[0] += r.violations().size();
            c[1] += r.recommended();
        }
        return m;
    }

    public static String render(Scenarios.Run run, String generatedAt) {
        List<Scenarios.Result> results = run.results();
        Metrics m = run.metrics();
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Concierge scenarios</title>\n<style>")
            .append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}")
            .append("td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}")
            .append(".fail{background:#fde2e2}.ok{background:#e5f5e0}.u{color:#333}.a{color:#1d4f80}")
            .append("pre{white-space:pre-wrap}figure{margin:0 0 1em 0}.charts{display:flex;flex-wrap:wrap;gap:0 2em}.x{color:#b00}.v{color:#070}")
            .append("</style></head><body>\n<h1>Concierge simulated-user scenarios</h1>\n<p>")
            .append(esc(generatedAt)).append("</p>\n<pre id=\"summary\">").append(esc(run.summary())).append("</pre>\n");
        b.append("<table id=\"metrics\"><tr><th>metric</th><th>value</th></tr>\n");
        metric(b, "success rate", Metrics.f3(m.successRate()) + " (" + m.success() + "/" + m.n() + ")");
        for (int i = 0; i < Metrics.KS.length; i++) {
            metric(b, "Recall@" + Metrics.KS[i] + " (top of GET recommendations after the last turn)",
                Metrics.f3(m.recallAtK()[i]) + " (" + m.recallHits()[i] + "/" + m.n() + ")");
        }
        metric(b, "turns to success (mean / median)", Metrics.f2(m.meanTurnsToSuccess()) + " / " + Metrics.f2(m.medianTurnsToSuccess()));
        metric(b, "clarification rate (clarify Turns / Turns)", Metrics.f3(m.clarificationRate()) + " (" + m.clarifyTurns() + "/" + m.turns() + ")");
        metric(b, "vague openings answered with a question", m.vagueAsked() + "/" + m.vague());
        metric(b, "preference-violation rate", Metrics.f3(m.violationRate()) + " (" + m.violations() + "/" + m.recommendedUnderAvoid() + " items)");
        metric(b, "out-of-catalog rate", Metrics.f3(m.oocRate()) + " (" + m.ooc() + "/" + m.recommended() + " items)");
        metric(b, "turn latency p50 / p95", Metrics.f0(m.p50Ms()) + " ms / " + Metrics.f0(m.p95Ms()) + " ms");
        metric(b, "service LLM tokens per turn", m.serviceTokensText() + " (" + m.serviceTokensSource() + "; degraded Turns "
            + m.degradedTurns() + "/" + m.turns() + ")");
        if (m.userLlmTokensPerMessage() != null || m.userLlmReplies() > 0 || m.userLlmFallbacks() > 0) {
            metric(b, "user LLM tokens per message / fallbacks", Metrics.f2(m.userLlmTokensPerMessage()) + " / " + m.userLlmFallbacks());
        }
        metric(b, "expectations checked / failed", m.checks() + " / " + m.failedChecks() + " (scenarios failing: " + m.failedScenarios() + ")");
        b.append("</table>\n<div class=\"charts\">\n");
        Map<String, int[]> recall = new LinkedHashMap<>();
        for (int i = 0; i < Metrics.KS.length; i++) {
            recall.put("Recall@" + Metrics.KS[i], new int[] {m.recallHits()[i], m.n()});
        }
        b.append(bars("recall", "Recall@k", recall));
        Map<String, int[]> viol = violationsBy(results);
        viol.put("all", new int[] {m.violations(), m.recommendedUnderAvoid()});
        b.append(bars("violations", "Preference violations (items breaking an avoid-instruction / items recommended under one)", viol));
        Map<String, int[]> turns = new LinkedHashMap<>();
        int max = results.stream().mapToInt(r -> r.scenario().expect().maxTurns()).max().orElse(1);
        for (int i = 1; i <= max; i++) {
            final int t = i;
            turns.put("success at turn " + i, new int[] {(int) results.stream().filter(r -> r.successTurn() != null && r.successTurn() == t).count(), results.size()});
        }
        turns.put("no success", new int[] {(int) results.stream().filter(r -> r.successTurn() == null).count(), results.size()});
        b.append(bars("turns", "Turns to success", turns));
        List<Double> lat = new ArrayList<>();
        results.forEach(r -> r.turns().forEach(t -> lat.add(t.latencyMs())));
        Map<String, int[]> lb = new LinkedHashMap<>();
        int[] edges = {25, 50, 100, 250, 500, 1000, 2500, 5000};
        int prev = 0;
        for (int e : edges) {
            final int lo = prev;
            lb.put(lo + "-" + e + " ms", new int[] {(int) lat.stream().filter(x -> x >= lo && x < e).count(), lat.size()});
            prev = e;
        }
        final int last = prev;
        lb.put(">= " + last + " ms", new int[] {(int) lat.stream().filter(x -> x >= last).count(), lat.size()});
        b.append(bars("latency", "Turn latency (histogram)", lb));
        b.append(bars("phenomenon", "Success by phenomenon", successBy(results, r -> r.scenario().phenomenon())));
        b.append(bars("form", "Success by PrefEval form", successBy(results, r -> r.scenario().prefevalForm() == null ? "-" : r.scenario().prefevalForm())));
        b.append("</div>\n<h2>Scenarios</h2>\n<table id=\"scenarios\"><tr><th>id</th><th>phenomenon</th><th>form</th><th>success</th>")
            .append("<th>expectations</th><th>transcript</th></tr>\n");
        for (Scenarios.Result r : results) {
            Scenario s = r.scenario();
            b.append("<tr class=\"").append(r.failures().isEmpty() ? "ok" : "fail").append("\" id=\"sc-").append(esc(s.id()))
                .append("\"><td>").append(esc(s.id()))
                .append("<br><small>").append(esc(s.title())).append("</small></td><td>").append(esc(s.phenomenon()))
                .append("</td><td>").append(esc(s.prefevalForm() == null ? "-" : s.prefevalForm())).append("</td><td>")
                .append(r.successTurn() == null ? "-" : "turn " + r.successTurn() + ": " + esc(r.successItem()))
                .append("</td><td>");
            if (r.error() != null) {
                b.append("<div class=\"x\">&#10007; error: ").append(esc(r.error())).append("</div>");
            }
            for (Expectations.Check c : r.checks()) {
                b.append("<div class=\"").append(c.ok() ? "v" : "x").append("\">").append(c.ok() ? "&#10003; " : "&#10007; ")
                    .append(esc(c.detail())).append("</div>");
            }
            if (r.checks().isEmpty() && r.error() == null) {
                b.append("<small>only maxTurns</small>");
            }
            b.append("</td><td><details><summary>").append(r.turns().size()).append(" turns</summary>");
            if (!s.stated().isEmpty()) {
                b.append("<p><b>stated:</b> ").append(esc(String.join(" | ", s.stated()))).append("</p>");
            }
            if (!s.history().isEmpty()) {
                b.append("<p><b>seeded history:</b> ");
                s.history().forEach(h -> b.append(esc(h.role())).append(": ").append(esc(h.text())).append(" / "));
                b.append("</p>");
            }
            for (Expectations.TurnRecord t : r.turns()) {
                b.append("<p class=\"u\"><b>user:</b> ").append(esc(t.userText())).append("</p><p class=\"a\"><b>")
                    .append(esc(t.act())).append(String.format(" (%.0f ms)", t.latencyMs())).append(":</b> ").append(esc(t.text()));
                if (!t.recIds().isEmpty()) {
                    b.append("<br><small>recommended ids: ").append(esc(String.join(", ", t.recIds()))).append("</small>");
                }
                if (!t.appliedTexts().isEmpty()) {
                    b.append("<br><small>applied: ").append(esc(String.join(" | ", t.appliedTexts()))).append("</small>");
                }
                b.append("</p>");
            }
            if (r.userLlm() != null && !r.userLlm().fallbacks().isEmpty()) {
                b.append("<p><small>user LLM fallbacks: ").append(esc(String.join("; ", r.userLlm().fallbacks()))).append("</small></p>");
            }
            b.append("</details></td></tr>\n");
        }
        return b.append("</table>\n</body></html>\n").toString();
    }

    private static void metric(StringBuilder b, String name, String value) {
        b.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(value)).append("</td></tr>\n");
    }
}
