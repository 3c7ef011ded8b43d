package dev.concierge.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The numbers of a scenarios run (issue #6, item 4), computed from the results alone. Pure.
 *
 * <ul>
 * <li>success rate: scenarios with a matching item in a Turn's recommendations within maxTurns;</li>
 * <li>Recall@k (k = 1, 5, 10): scenarios with a matching item among the top k of
 *     {@code GET .../recommendations} after the last turn;</li>
 * <li>turns to success: mean and median over the successful scenarios;</li>
 * <li>clarification rate: Turns with {@code act=clarify} / all Turns;</li>
 * <li>vague asked: scenarios with {@code mustAskFirst: true} whose first Turn was a clarification;</li>
 * <li>violation rate: recommended items that break an avoid-expectation ({@code neverGenres},
 *     {@code neverItemIds}) / items recommended in scenarios that declare one;</li>
 * <li>out-of-catalog rate: recommended ids the catalog answers 404 for / all recommended ids;</li>
 * <li>turn latency p50/p95 (nearest rank), client side, all Turns;</li>
 * <li>LLM tokens per turn: the service's ({@code serviceLlmTokens} over all Turns, null when unknown) and
 *     the simulated user's LLM (per LLM-played message, null when the user is rule-based).</li>
 * </ul>
 */
public record Metrics(int n, int success, double[] recallAtK, int[] recallHits, Double meanTurnsToSuccess,
                      Double medianTurnsToSuccess, int turns, int clarifyTurns, int vague, int vagueAsked,
                      int violations, int recommendedUnderAvoid, int ooc, int recommended, double p50Ms, double p95Ms,
                      int degradedTurns, Double serviceLlmTokensPerTurn, String serviceTokensSource,
                      Double userLlmTokensPerMessage, int userLlmReplies, int userLlmFallbacks,
                      int checks, int failedChecks, int failedScenarios) {

    public static final int[] KS = {1, 5, 10};

    /** {@code serviceLlmTokens}: tokens the service's LLM used during the run (null = unknown); {@code source} says how it was read. */
    public static Metrics of(List<Scenarios.Result> results, Long serviceLlmTokens, String source) {
        int n = results.size();
        int success = 0;
        int[] hits = new int[KS.length];
        List<Double> succTurns = new ArrayList<>();
        int turns = 0;
        int clarify = 0;
        int vague = 0;
        int vagueAsked = 0;
        int viol = 0;
        int underAvoid = 0;
        int ooc = 0;
        int rec = 0;
        int degraded = 0;
        int userReplies = 0;
        int userFallbacks = 0;
        long userTokens = 0;
        boolean userLlm = false;
        int checks = 0;
        int failedChecks = 0;
        int failedScenarios = 0;
        List<Double> lat = new ArrayList<>();
        for (Scenarios.Result r : results) {
            Scenario.Expect e = r.scenario().expect();
            if (r.successTurn() != null) {
                success++;
                succTurns.add((double) r.successTurn());
            }
            for (int i = 0; i < KS.length; i++) {
                if (r.topKHitRank() != null && r.topKHitRank() <= KS[i]) {
                    hits[i]++;
                }
            }
            turns += r.turns().size();
            for (Expectations.TurnRecord t : r.turns()) {
                if ("clarify".equals(t.act())) {
                    clarify++;
                }
                if (t.degraded()) {
                    degraded++;
                }
                lat.add(t.latencyMs());
            }
            if (Boolean.TRUE.equals(e.mustAskFirst())) {
                vague++;
                if (!r.turns().isEmpty() && "clarify".equals(r.turns().get(0).act())) {
                    vagueAsked++;
                }
            }
            viol += r.violations().size();
            if (!e.neverGenres().isEmpty() || !e.neverItemIds().isEmpty()) {
                underAvoid += r.recommended();
            }
            ooc += r.ooc();
            rec += r.recommended();
            if (r.userLlm() != null) {
                userLlm = true;
                userReplies += r.userLlm().replies();
                userFallbacks += r.userLlm().fallbacks().size();
                userTokens += r.userLlm().tokens();
            }
            checks += r.checks().size();
            failedChecks += (int) r.checks().stream().filter(c -> !c.ok()).count();
            if (!r.failures().isEmpty()) {
                failedScenarios++;
            }
        }
        double[] recall = new double[KS.length];
        for (int i = 0; i < KS.length; i++) {
            recall[i] = n == 0 ? Double.NaN : hits[i] / (double) n;
        }
        double[] l = lat.stream().mapToDouble(Double::doubleValue).toArray();
        double[] st = succTurns.stream().mapToDouble(Double::doubleValue).toArray();
        Double svc = serviceLlmTokens == null || turns == 0 ? null : serviceLlmTokens / (double) turns;
        int userMsgs = userReplies + userFallbacks;
        Double usr = !userLlm || userMsgs == 0 ? null : userTokens / (double) userMsgs;
        return new Metrics(n, success, recall, hits, st.length == 0 ? null : succTurns.stream().mapToDouble(x -> x).average().orElse(0),
            st.length == 0 ? null : median(st), turns, clarify, vague, vagueAsked, viol, underAvoid, ooc, rec,
            l.length == 0 ? Double.NaN : Percentiles.of(l, 50), l.length == 0 ? Double.NaN : Percentiles.of(l, 95),
            degraded, svc, source, usr, userReplies, userFallbacks, checks, failedChecks, failedScenarios);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public double successRate() {
        return ratio(success, n);
    }

    public double violationRate() {
        return ratio(violations, recommendedUnderAvoid);
    }

    public double oocRate() {
        return ratio(ooc, recommended);
    }

    public double clarificationRate() {
        return ratio(clarifyTurns, turns);
    }

    public double vagueAskedRate() {
        return ratio(vagueAsked, vague);
    }

    static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }

    static String f3(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.3f", x);
    }

    static String f0(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.0f", x);
    }

    static String f2(Double x) {
        return x == null ? "n/a" : String.format(Locale.ROOT, "%.2f", x);
    }

    /** The service's LLM tokens per Turn, or why there is no number. */
    public String serviceTokensText() {
        if (serviceLlmTokensPerTurn != null && serviceLlmTokensPerTurn > 0) {
            return String.format(Locale.ROOT, "%.0f", serviceLlmTokensPerTurn);
        }
        return turns > 0 && degradedTurns == turns ? "n/a(offline)" : "n/a";
    }

    /** The one summary line, printed last. */
    public String summary(String transport, String user) {
        StringBuilder b = new StringBuilder();
        b.append("SCENARIOS n=").append(n).append(" transport=").append(transport).append(" user=").append(user)
            .append(" success=").append(f3(successRate()));
        for (int i = 0; i < KS.length; i++) {
            b.append(" r@").append(KS[i]).append('=').append(f3(recallAtK[i]));
        }
        b.append(" turns_to_success=").append(f2(meanTurnsToSuccess))
            .append(" clarify_rate=").append(f3(clarificationRate()))
            .append(" vague_asked=").append(vagueAsked).append('/').append(vague)
            .append(" violations=").append(violations).append(" violation_rate=").append(f3(violationRate()))
            .append(" ooc=").append(ooc).append('/').append(recommended).append(" ooc_rate=").append(f3(oocRate()))
            .append(" p50_ms=").append(f0(p50Ms)).append(" p95_ms=").append(f0(p95Ms))
            .append(" llm_tokens_per_turn=").append(serviceTokensText());
        if (!"rule".equals(user)) {
            b.append(" user_llm_tokens_per_msg=").append(f2(userLlmTokensPerMessage))
                .append(" user_llm_fallbacks=").append(userLlmFallbacks);
        }
        b.append(" failed=").append(failedScenarios);
        return b.toString();
    }
}
