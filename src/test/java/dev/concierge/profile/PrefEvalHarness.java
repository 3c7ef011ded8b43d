package dev.concierge.profile;

import dev.concierge.eval.PyRandom;
import dev.concierge.profile.learn.Reconciler;
import dev.concierge.profile.learn.RuleExtractor;
import dev.concierge.profile.learn.Statement;
import dev.concierge.profile.retrieval.Candidate;
import dev.concierge.profile.retrieval.InstructionFeatures;
import dev.concierge.profile.retrieval.InstructionRetriever;
import dev.concierge.profile.retrieval.Scored;
import dev.concierge.profile.retrieval.Selection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offline, in-process emulation of benchmarks B1 and B2 (docs/benchmarks.md) exactly as contract_client.py
 * drives the service, plus the tune/held-out topic split and a speed check.
 * <p>
 * Run: see docs/profile-algorithms.md ("Harness"). Options: {@code b1 b2 speed tune} (default: b1 b2 speed),
 * {@code --ns=0,10,50,100,300}, {@code -Dprefeval.dir=/work/shared/data/prefeval}.
 */
public class PrefEvalHarness {

    /** The 8 topics used for tuning (every other topic in sorted order); the other 8 are held out. */
    public static final Set<String> TUNE = Set.of("education_learning_styles", "entertain_games", "entertain_sports",
            "lifestyle_dietary", "pet_ownership", "shop_fashion", "shop_technology", "travel_restaurant");

    static List<PrefEvalData.Rec> ALL = List.of();
    static final boolean DEBUG = Boolean.getBoolean("harness.debug") || "all".equals(System.getProperty("harness.debug"));
    static final boolean DEBUG_ALL = "all".equals(System.getProperty("harness.debug"));
    final TextEmbedder embedder;
    final InstructionRetriever retriever;
    final Reconciler reconciler;
    final RuleExtractor extractor = new RuleExtractor();
    final Map<String, float[]> vecCache = new ConcurrentHashMap<>();
    final Map<String, InstructionFeatures> featCache = new ConcurrentHashMap<>();

    PrefEvalHarness(TextEmbedder base, InstructionRetriever.Params params) {
        this.embedder = text -> vecCache.computeIfAbsent(text, base::embed);
        this.retriever = new InstructionRetriever(embedder, params);
        this.reconciler = new Reconciler(retriever);
    }

    InstructionFeatures feats(String text, String domain, String cond) {
        return featCache.computeIfAbsent(text + "\u0000" + domain + "\u0000" + cond, k -> retriever.features(text, domain, cond));
    }

    static Instruction instruction(String id, String text, String origin, Statement st, String messageId) {
        Instant now = Instant.EPOCH;
        return new Instruction(id, text, origin, st == null ? null : st.domain(), st == null ? null : st.polarity(),
                st == null ? null : st.condition(), Instruction.ACTIVE, 1, null,
                messageId == null ? null : new Instruction.Source(null, messageId), st == null ? null : st.confidence(),
                now, now);
    }

    // ---------------------------------------------------------------------------------------------- B1
    record B1Row(int n, Map<String, double[]> byGroup) {
    }

    /** Per N: hit@1, hit@5 and noise per group (all / tune / heldout). */
    void b1(List<PrefEvalData.Rec> recsAll, List<PrefEvalData.Msg[]> pairs, int[] ns) {
        List<PrefEvalData.Rec> recs = new ArrayList<>(recsAll);
        new PyRandom(7).shuffle(recs);
        // extraction of distractor user messages is deterministic: cache per message text
        Map<String, List<Statement>> exCache = new HashMap<>();
        System.out.printf("B1 records=%d distractor_pairs=%d (in-process emulation of contract_client.py b1)%n", recs.size(), pairs.size());
        System.out.println("N\tsplit\thit@1\thit@5\tnoise/100turns\tlearned_from_pref");
        for (int n : ns) {
            Map<String, double[]> acc = new TreeMap<>(); // h1, h5, noise, count, prefLearned
            for (PrefEvalData.Rec r : recs) {
                List<PrefEvalData.Msg> msgs = new ArrayList<>();
                msgs.add(new PrefEvalData.Msg("user", r.preference()));
                msgs.add(new PrefEvalData.Msg("assistant", "Noted."));
                for (int i = 0; i < n && i < pairs.size(); i++) {
                    msgs.add(pairs.get(i)[0]);
                    msgs.add(pairs.get(i)[1]);
                }
                List<Candidate> store = new ArrayList<>();
                int noise = 0, fromPref = 0, nextId = 0;
                for (int start = 0; start < msgs.size(); start += 40) {
                    List<PrefEvalData.Msg> chunk = msgs.subList(start, Math.min(msgs.size(), start + 40));
                    for (int mi = 0; mi < chunk.size(); mi++) {
                        PrefEvalData.Msg m = chunk.get(mi);
                        if (!m.role().equals("user")) continue; // the service learns from user messages only
                        List<Statement> sts = exCache.computeIfAbsent(m.text(), extractor::extract);
                        for (Statement st : sts) {
                            InstructionFeatures f = feats(st.text(), st.domain(), st.condition());
                            Reconciler.Decision d = reconciler.reconcile(st.text(), st.polarity(), st.subject(), f, store);
                            if (d.kind() == Reconciler.Kind.DUPLICATE) continue;
                            if (d.kind() == Reconciler.Kind.SUPERSEDE) {
                                store.removeIf(c -> c.instruction().id().equals(d.existingId()));
                            }
                            Instruction ins = instruction("i" + (nextId++), st.text(), Instruction.LEARNED, st, String.valueOf(mi));
                            store.add(new Candidate(ins, f));
                            if (start == 0 && mi == 0) fromPref++;
                            else noise++;
                        }
                    }
                }
                List<Scored> ranked = retriever.rank(r.question(), store);
                boolean h1 = false, h5 = false;
                for (int k = 0; k < Math.min(5, ranked.size()); k++) {
                    Instruction.Source src = ranked.get(k).instruction().source();
                    if (src != null && "0".equals(src.messageId())) {
                        if (k == 0) h1 = true;
                        h5 = true;
                    }
                }
                for (String g : List.of("all", TUNE.contains(r.topic()) ? "tune" : "heldout")) {
                    double[] a = acc.computeIfAbsent(g, x -> new double[5]);
                    a[0] += h1 ? 1 : 0;
                    a[1] += h5 ? 1 : 0;
                    a[2] += noise;
                    a[3] += 1;
                    a[4] += fromPref > 0 ? 1 : 0;
                }
            }
            for (Map.Entry<String, double[]> e : acc.entrySet()) {
                double[] a = e.getValue();
                System.out.printf(Locale.ROOT, "%d\t%s\t%.3f\t%.3f\t%.2f\t%.3f%n", n, e.getKey(), a[0] / a[3], a[1] / a[3],
                        100 * a[2] / Math.max(1, a[3] * n), a[4] / a[3]);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- B2
    record B2Case(PrefEvalData.Rec rec, List<Candidate> cands, Set<String> gold, InstructionRetriever.Query q) {
    }

    List<B2Case> b2Cases(List<PrefEvalData.Rec> recs) {
        Map<String, List<PrefEvalData.Rec>> byTopic = new TreeMap<>();
        for (PrefEvalData.Rec r : recs) byTopic.computeIfAbsent(r.topic(), k -> new ArrayList<>()).add(r);
        PyRandom rnd = new PyRandom(13);
        List<PrefEvalData.Rec> sample = new ArrayList<>(recs);
        new PyRandom(7).shuffle(sample);
        List<B2Case> out = new ArrayList<>();
        for (PrefEvalData.Rec r : sample) {
            List<String> profile = new ArrayList<>();
            profile.add(r.preference());
            for (Map.Entry<String, List<PrefEvalData.Rec>> e : byTopic.entrySet()) {
                if (e.getKey().equals(r.topic())) continue;
                profile.add(rnd.choice(e.getValue()).preference());
            }
            List<Candidate> cands = new ArrayList<>();
            java.util.HashSet<String> gold = new java.util.HashSet<>();
            int id = 0;
            for (String text : profile) {
                // stated instruction: POST {text} -> features computed from the text alone
                InstructionFeatures f = feats(text, null, null);
                String iid = "s" + (id++);
                Instruction ins = new Instruction(iid, text, Instruction.STATED, null, f.polarity(), f.condition(),
                        Instruction.ACTIVE, 1, null, null, null, Instant.EPOCH, Instant.EPOCH);
                cands.add(new Candidate(ins, f));
                if (text.equals(r.preference())) gold.add(iid);
            }
            out.add(new B2Case(r, cands, gold, retriever.prepare(r.question())));
        }
        return out;
    }

    /** r1, r3, mrr, appliedRecall, appliedSize, count per group. */
    Map<String, double[]> b2Eval(List<B2Case> cases, InstructionRetriever ret, List<List<InstructionRetriever.Signals>> sigs) {
        Map<String, double[]> acc = new TreeMap<>();
        for (int ci = 0; ci < cases.size(); ci++) {
            B2Case c = cases.get(ci);
            List<Scored> ranked = sigs == null ? ret.rank(c.q(), c.cands()) : ret.rank(c.q(), c.cands(), sigs.get(ci));
            // rank of the gold, ties counted against it (the gold is the first candidate, so a stable sort
            // would otherwise break every tie in its favour)
            int rank = -1;
            for (int i = 0; i < ranked.size(); i++) {
                if (c.gold().contains(ranked.get(i).instruction().id())) {
                    rank = i;
                    break;
                }
            }
            if (rank >= 0) {
                double gs = ranked.get(rank).score();
                while (rank + 1 < ranked.size() && ranked.get(rank + 1).score() >= gs
                        && !c.gold().contains(ranked.get(rank + 1).instruction().id())) rank++;
            }
            Selection sel = sigs == null ? ret.select(c.q(), c.cands()) : null;
            List<Scored> applied = sel != null ? sel.applied() : ranked.stream().filter(Scored::applies).toList();
            if (DEBUG && rank > 0 && (DEBUG_ALL || TUNE.contains(c.rec().topic()))) {
                String topText = ranked.get(0).instruction().text();
                String topTopic = c.rec().topic();
                for (PrefEvalData.Rec o : ALL) if (o.preference().equals(topText)) topTopic = o.topic();
                System.out.println("CONFUSION " + c.rec().topic() + " <- " + topTopic);
            }
            if (DEBUG && rank != 0 && (DEBUG_ALL || TUNE.contains(c.rec().topic()))) {
                System.out.println("Q: " + c.rec().question() + "  " + Lexicon.domainProfile(c.rec().question()).keySet());
                for (int i = 0; i <= Math.max(0, rank) && i < 4; i++) {
                    Scored s = ranked.get(i);
                    System.out.println((c.gold().contains(s.instruction().id()) ? "  GOLD " : "  ---- ") + s.score() + " "
                            + s.why() + " | " + s.instruction().text());
                }
            }
            if (DEBUG && sel != null && !sel.overridden().isEmpty())
                System.out.println("OVERRIDE Q: " + c.rec().question() + " -> " + sel.overridden().get(0).instruction().text() + " / " + sel.overridden().get(0).why());
            long goldApplied = applied.stream().filter(s -> c.gold().contains(s.instruction().id())).count();
            for (String g : List.of("all", TUNE.contains(c.rec().topic()) ? "tune" : "heldout")) {
                double[] a = acc.computeIfAbsent(g, x -> new double[7]);
                if (rank >= 0) {
                    a[0] += rank < 1 ? 1 : 0;
                    a[1] += rank < 3 ? 1 : 0;
                    a[2] += 1.0 / (rank + 1);
                }
                a[3] += (double) goldApplied / c.gold().size();
                a[4] += applied.size();
                a[5] += 1;
                a[6] += sel != null ? sel.overridden().size() : 0;
            }
        }
        return acc;
    }

    void printB2(Map<String, double[]> acc) {
        System.out.println("split\tn\tR@1\tR@3\tMRR\tapplied_recall\tapplied_size\toverridden");
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            double m = a[5];
            System.out.printf(Locale.ROOT, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.3f%n", e.getKey(), (int) m, a[0] / m, a[1] / m,
                    a[2] / m, a[3] / m, a[4] / m, a[6] / m);
        }
    }

    void b2(List<PrefEvalData.Rec> recs) {
        List<B2Case> cases = b2Cases(recs);
        System.out.printf("B2 records=%d, 16 stated instructions each (own + one per other topic, seed 13)%n", cases.size());
        printB2(b2Eval(cases, retriever, null));
        // the cosine-only anchor, for reference
        InstructionRetriever cosOnly = new InstructionRetriever(embedder, InstructionRetriever.DEFAULT.with(1, 0, 0, 0, 0, 3));
        System.out.println("(anchor: MiniLM cosine only)");
        printB2(b2Eval(cases, cosOnly, null));
    }

    /** Grid search of the score weights and applied-set thresholds on the TUNE topics only. */
    void tune(List<PrefEvalData.Rec> recs) {
        List<B2Case> all = b2Cases(recs);
        List<B2Case> cases = all.stream().filter(c -> TUNE.contains(c.rec().topic())).toList();
        List<List<InstructionRetriever.Signals>> sigs = new ArrayList<>();
        for (B2Case c : cases) sigs.add(retriever.signals(c.q(), c.cands()));
        InstructionRetriever.Params d = retriever.params();
        double bestObj = -1;
        InstructionRetriever.Params best = null;
        for (double wc = 0.3; wc <= 1.01; wc += 0.1) {
            for (double wt = 0.0; wt <= 0.0; wt += 0.1) { // the topic vector is unused (tcos = 0)
                for (double wl = 0; wl <= 0.21; wl += 0.05) {
                    for (double wd = 0; wd <= 0.4; wd += 0.05) {
                        for (double wp = 0; wp <= 0.21; wp += 0.05) {
                            InstructionRetriever.Params p = d.with(wc, wt, wl, wd, wp, 1.0);
                            double[] a = b2Eval(cases, new InstructionRetriever(embedder, p), sigs).get("all");
                            double obj = a[0] / a[5] + a[2] / a[5] + 0.5 * a[1] / a[5];
                            if (obj > bestObj) {
                                bestObj = obj;
                                best = p;
                            }
                        }
                    }
                }
            }
        }
        System.out.println("best weights on tune topics: " + best);
        printB2(b2Eval(cases, new InstructionRetriever(embedder, best), sigs));
        // applied-set thresholds: maximise recall subject to mean size <= 2.2 (margin for held-out)
        InstructionRetriever.Params bestT = best;
        double bestRecall = -1;
        for (double min = 0.1; min <= 0.5; min += 0.02) {
            for (double margin = 0.0; margin <= 0.3; margin += 0.01) {
                InstructionRetriever.Params p = best.withApply(min, margin);
                double[] a = b2Eval(cases, new InstructionRetriever(embedder, p), sigs).get("all");
                double rec = a[3] / a[5], size = a[4] / a[5];
                if (size <= 2.2 && rec > bestRecall) {
                    bestRecall = rec;
                    bestT = p;
                }
            }
        }
        System.out.println("best applied thresholds on tune topics: " + bestT);
        printB2(b2Eval(cases, new InstructionRetriever(embedder, bestT), sigs));
    }

    // ---------------------------------------------------------------------------------------------- speed
    void speed(List<PrefEvalData.Rec> recs) {
        List<Candidate> cands = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            PrefEvalData.Rec r = recs.get(i % recs.size());
            InstructionFeatures f = feats(r.preference(), null, null);
            cands.add(new Candidate(instruction("x" + i, r.preference(), Instruction.STATED, null, null), f));
        }
        String q = recs.get(3).question();
        float[] qv = embedder.embed(q);
        for (int i = 0; i < 200; i++) retriever.select(q, qv, cands); // warm-up
        int reps = 1000;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) retriever.rank(q, qv, cands);
        long t1 = System.nanoTime();
        for (int i = 0; i < reps; i++) retriever.select(q, qv, cands);
        long t2 = System.nanoTime();
        InstructionRetriever.Query pq = retriever.prepare(q, qv);
        long s0 = System.nanoTime();
        for (int i = 0; i < reps; i++) retriever.signals(pq, cands);
        long s1 = System.nanoTime();
        for (int i = 0; i < reps; i++) retriever.prepare(q, qv);
        long s2 = System.nanoTime();
        var sg = retriever.signals(pq, cands);
        for (int i = 0; i < reps; i++) retriever.rank(pq, cands, sg);
        long s3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "  (signals %.2f ms, prepare %.2f ms, decide without explanations %.2f ms)%n",
                (s1 - s0) / 1e6 / reps, (s2 - s1) / 1e6 / reps, (s3 - s2) / 1e6 / reps);
        MiniLmEmbedder raw = new MiniLmEmbedder();
        for (int i = 0; i < 20; i++) raw.embed(recs.get(i).question());
        long t3 = System.nanoTime();
        for (int i = 0; i < 100; i++) raw.embed(recs.get(i).question());
        long t4 = System.nanoTime();
        System.out.printf(Locale.ROOT, "speed: rank(1000 candidates, query vector given) %.2f ms; select %.2f ms; "
                + "one MiniLM query embedding %.2f ms%n", (t1 - t0) / 1e6 / reps, (t2 - t1) / 1e6 / reps, (t4 - t3) / 1e6 / 100);
    }

    public static void main(String[] args) throws Exception {
        if (!PrefEvalData.available()) {
            System.err.println("PrefEval data not found at " + PrefEvalData.dataDir() + " (set -Dprefeval.dir=...)");
            System.exit(2);
        }
        List<String> cmds = new ArrayList<>();
        int[] ns = {0, 10, 50, 100, 300};
        for (String a : args) {
            if (a.startsWith("--ns=")) ns = java.util.Arrays.stream(a.substring(5).split(",")).mapToInt(Integer::parseInt).toArray();
            else cmds.add(a);
        }
        if (cmds.isEmpty()) cmds = List.of("b1", "b2", "speed");
        PrefEvalHarness h = new PrefEvalHarness(new MiniLmEmbedder(), InstructionRetriever.DEFAULT);
        List<PrefEvalData.Rec> recs = PrefEvalData.records();
        ALL = recs;
        long t0 = System.currentTimeMillis();
        for (String c : cmds) {
            switch (c) {
                case "b1" -> h.b1(recs, PrefEvalData.interTurns(), ns);
                case "b2" -> h.b2(recs);
                case "tune" -> h.tune(recs);
                case "speed" -> h.speed(recs);
                default -> System.err.println("unknown command " + c);
            }
        }
        System.out.printf("done in %.1f s; tune topics: %s%n", (System.currentTimeMillis() - t0) / 1000.0, new java.util.TreeSet<>(TUNE));
    }
}
