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

    /** A horizontal bar chart: label -> [value, max] (bar length value/max, text "value/max"). */
    static String bars(String title, Map<String, int[]> rows) {
        int w = 420;
        int rowH = 22;
        StringBuilder b = new StringBuilder();
        b.append("<h3>").append(esc(title)).append("</h3>\n<svg width=\"").append(w + 260).append("\" height=\"")
            .append(rows.size() * rowH + 6).append("\" role=\"img\">\n");
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
        return b.append("</svg>\n").toString();
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

    public static String render(List<Scenarios.Result> results, String summary, String generatedAt) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Concierge scenarios</title>\n<style>")
            .append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}")
            .append("td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}")
            .append(".fail{background:#fde2e2}.ok{background:#e5f5e0}.u{color:#333}.a{color:#1d4f80}")
            .append("</style></head><body>\n<h1>Concierge simulated-user scenarios</h1>\n<p>")
            .append(esc(generatedAt)).append("</p>\n<pre>").append(esc(summary)).append("</pre>\n");
        b.append(bars("Success by phenomenon", successBy(results, r -> r.scenario().phenomenon())));
        b.append(bars("Success by PrefEval form", successBy(results, r -> r.scenario().prefevalForm() == null ? "-" : r.scenario().prefevalForm())));
        Map<String, int[]> turns = new LinkedHashMap<>();
        int max = results.stream().mapToInt(r -> r.scenario().expect().maxTurns()).max().orElse(1);
        for (int i = 1; i <= max; i++) {
            final int t = i;
            turns.put("success at turn " + i, new int[] {(int) results.stream().filter(r -> r.successTurn() != null && r.successTurn() == t).count(), results.size()});
        }
        turns.put("no success", new int[] {(int) results.stream().filter(r -> r.successTurn() == null).count(), results.size()});
        b.append(bars("Turns to success", turns));
        List<Double> lat = new ArrayList<>();
        results.forEach(r -> r.turns().forEach(t -> lat.add(t.latencyMs())));
        Map<String, int[]> lb = new LinkedHashMap<>();
        int[] edges = {50, 100, 250, 500, 1000, 2500, 5000};
        int prev = 0;
        for (int e : edges) {
            final int lo = prev;
            lb.put(lo + "-" + e + " ms", new int[] {(int) lat.stream().filter(x -> x >= lo && x < e).count(), lat.size()});
            prev = e;
        }
        final int last = prev;
        lb.put(">= " + last + " ms", new int[] {(int) lat.stream().filter(x -> x >= last).count(), lat.size()});
        b.append(bars("Turn latency", lb));
        b.append("<h2>Scenarios</h2>\n<table><tr><th>id</th><th>phenomenon</th><th>form</th><th>success</th><th>failed expectations</th><th>transcript</th></tr>\n");
        for (Scenarios.Result r : results) {
            Scenario s = r.scenario();
            b.append("<tr class=\"").append(r.failures().isEmpty() ? "ok" : "fail").append("\"><td>").append(esc(s.id()))
                .append("<br><small>").append(esc(s.title())).append("</small></td><td>").append(esc(s.phenomenon()))
                .append("</td><td>").append(esc(s.prefevalForm() == null ? "-" : s.prefevalForm())).append("</td><td>")
                .append(r.successTurn() == null ? "-" : "turn " + r.successTurn() + ": " + esc(r.successItem()))
                .append("</td><td>").append(esc(String.join("; ", r.failures()))).append("</td><td><details><summary>")
                .append(r.turns().size()).append(" turns</summary>");
            if (!s.stated().isEmpty()) {
                b.append("<p><b>stated:</b> ").append(esc(String.join(" | ", s.stated()))).append("</p>");
            }
            for (Expectations.TurnRecord t : r.turns()) {
                b.append("<p class=\"u\"><b>user:</b> ").append(esc(t.userText())).append("</p><p class=\"a\"><b>")
                    .append(esc(t.act())).append(String.format(" (%.0f ms)", t.latencyMs())).append(":</b> ").append(esc(t.text()));
                if (!t.appliedTexts().isEmpty()) {
                    b.append("<br><small>applied: ").append(esc(String.join(" | ", t.appliedTexts()))).append("</small>");
                }
                b.append("</p>");
            }
            b.append("</details></td></tr>\n");
        }
        return b.append("</table>\n</body></html>\n").toString();
    }
}
