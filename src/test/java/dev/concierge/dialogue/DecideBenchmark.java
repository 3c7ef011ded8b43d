package dev.concierge.dialogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.dialogue.InstructionConstraints.Constraint;
import dev.concierge.dialogue.InstructionConstraints.Constraints;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU cost of the per-turn dialogue decision, the part of {@code TurnEngine.decide} that runs on the CPU pool:
 * {@link Understanding#parse} + {@link StateTracker#apply} + {@link Policy#decide} + (when it recommends or
 * clarifies) {@link Ranker#rank} of the reply's 12 candidates, on the same parts {@link RedialHarness} loads.
 * The inputs are the harness's B3 turns (every {@code --stride}th turn of the eval split), each replayed round by
 * round as the harness plays it (the user answers clarifying questions from the gold movies' attributes).
 * After {@code --warmup} unmeasured rounds over all inputs it runs {@code --rounds} measured rounds and prints the
 * median over rounds of the mean time per decision, and the median of single decisions (parse, decide, rank).
 *
 * <pre>
 * ./mvnw -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *   -Dexec.mainClass=dev.concierge.dialogue.DecideBenchmark -Dexec.classpathScope=test \
 *   -Dexec.args="--data ../shared/data/redial --learn even --eval odd"
 * </pre>
 * Options: --stride N (default 4), --warmup N (default 4), --rounds N (default 7).
 *
 * <p>{@code --dump FILE} times nothing: it writes every decision and ranking of all B3 and B4 turns (acts, questions,
 * options, exact scores of every film, candidate pools, ranked lists with reasons), also under synthetic
 * instructions and a second set of weights, so two builds can be compared with {@code cmp}: a change meant to
 * be a pure speed-up must leave the file byte for byte identical.
 */
public final class DecideBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One replayed decision: the state before the message and the message. */
    private record Input(DialogueState before, String message) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path data = Path.of(opt.getOrDefault("data", "../shared/data/redial"));
        String learn = opt.getOrDefault("learn", "even");
        String eval = opt.getOrDefault("eval", "odd");
        int stride = Integer.parseInt(opt.getOrDefault("stride", "4"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "4"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "7"));

        // the same parts as RedialHarness
        RedialHarness.Parts parts = RedialHarness.Parts.load(data, learn);
        Map<String, RedialMovies.MovieRow> byName = parts.byName();
        CooccurrenceModel model = parts.model();
        CatalogIndex index = parts.index();
        Ranker ranker = new Ranker(model, Ranker.Weights.defaults());
        Policy policy = new Policy(ranker, index);
        Policy.PolicyConfig cfg = Policy.PolicyConfig.defaults();

        List<JsonNode> turns = RedialHarness.turns(data, eval, Integer.MAX_VALUE);
        if (opt.containsKey("dump")) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(opt.get("dump")), StandardCharsets.UTF_8))) {
                dump(out, turns, index, model, ranker, policy, cfg, byName);
            }
            System.out.println("dumped " + turns.size() + " turns to " + opt.get("dump"));
            return;
        }

        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < turns.size(); i += stride) {
            replay(turns.get(i), index, policy, cfg, byName, inputs);
        }
        int n = inputs.size();
        double[] roundMeans = new double[rounds];
        long[] parseNs = new long[n * rounds];
        long[] decideNs = new long[n * rounds];
        long[] rankNs = new long[n * rounds];
        long[] totalNs = new long[n * rounds];
        long sink = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            long roundStart = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Input in = inputs.get(i);
                // what TurnEngine.decide does on the CPU pool, minus the instruction bookkeeping
                long t0 = System.nanoTime();
                RequestFrame f = Understanding.parse(in.message(), index);
                DialogueState after = StateTracker.apply(in.before(), f);
                Constraints c = Constraints.none();
                long t1 = System.nanoTime();
                Policy.Decision d = policy.decide(after, f, c, cfg);
                long t2 = System.nanoTime();
                if (Policy.RECOMMEND.equals(d.act()) || Policy.CLARIFY.equals(d.act())) {
                    sink += ranker.rank(after, c, index, 12).size();
                }
                long t3 = System.nanoTime();
                if (r >= warmup) {
                    int k = (r - warmup) * n + i;
                    parseNs[k] = t1 - t0;
                    decideNs[k] = t2 - t1;
                    rankNs[k] = t3 - t2;
                    totalNs[k] = t3 - t0;
                }
            }
            double mean = (System.nanoTime() - roundStart) / 1e3 / n;
            if (r >= warmup) {
                roundMeans[r - warmup] = mean;
            }
            System.out.printf(Locale.ROOT, "%s round %d: %.1f us/decision%n", r < warmup ? "warm-up" : "measured",
                    r < warmup ? r + 1 : r - warmup + 1, mean);
        }
        Arrays.sort(roundMeans);
        System.out.printf(Locale.ROOT, "decisions=%d (%d B3 turns, stride %d) warmup=%d rounds=%d (sink %d)%n",
                n, (turns.size() + stride - 1) / stride, stride, warmup, rounds, sink);
        System.out.printf(Locale.ROOT, "median of round means: %.1f us/decision%n", roundMeans[rounds / 2]);
        System.out.printf(Locale.ROOT, "median single decision: total %.1f us (parse+apply %.1f, decide %.1f, rank %.1f)%n",
                median(totalNs), median(parseNs), median(decideNs), median(rankNs));
    }

    /** The harness's B3 loop for one turn, collecting each round's input. */
    private static void replay(JsonNode t, CatalogIndex index, Policy policy, Policy.PolicyConfig cfg,
                               Map<String, RedialMovies.MovieRow> byName, List<Input> inputs) {
        List<RedialMovies.MovieRow> goldInfo = gold(t, byName);
        DialogueState s = StateTracker.seed(RedialHarness.historyOf(t.path("context")), index);
        String msg = "Can you recommend a movie?";
        for (int r = 0; r < 5; r++) {
            inputs.add(new Input(s, msg));
            RequestFrame f = Understanding.parse(msg, index);
            s = StateTracker.apply(s, f);
            Policy.Decision d = policy.decide(s, f, Constraints.none(), cfg);
            if (!Policy.CLARIFY.equals(d.act())) {
                break;
            }
            s = StateTracker.afterDecision(s, d, null);
            msg = RedialHarness.attrAnswer(d.attribute(), goldInfo);
        }
    }

    private static List<RedialMovies.MovieRow> gold(JsonNode t, Map<String, RedialMovies.MovieRow> byName) {
        List<RedialMovies.MovieRow> out = new ArrayList<>();
        t.path("rec").forEach(x -> {
            if (byName.containsKey(x.asText())) {
                out.add(byName.get(x.asText()));
            }
        });
        return out;
    }

    private static double median(long[] ns) {
        long[] c = ns.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e3;
    }

    // ------------------------------------------------------------------ equivalence dump

    private static void dump(PrintWriter out, List<JsonNode> turns, CatalogIndex index, CooccurrenceModel model,
                             Ranker ranker, Policy policy, Policy.PolicyConfig cfg,
                             Map<String, RedialMovies.MovieRow> byName) {
        // a second ranker whose weights switch on the terms the defaults leave at zero (year prior, recency)
        Ranker.Weights d = Ranker.Weights.defaults();
        Ranker other = new Ranker(model, new Ranker.Weights(d.person(), d.genre(), d.instruction(), d.similarity(), 0.7,
                1.3, 0.9, d.yearMiss(), d.likedWeight(), d.neutralWeight(), d.suggestedWeight(), 3.0, 0.6, 0.4));
        Policy otherPolicy = new Policy(other, index);
        List<String> genres = index.genreVocabulary();
        int no = 0;
        for (JsonNode t : turns) {
            no++;
            List<RedialMovies.MovieRow> goldInfo = gold(t, byName);
            out.println("=== B3 " + t.path("dialog_id").asText() + "/" + t.path("turn_id").asText());
            DialogueState s = StateTracker.seed(RedialHarness.historyOf(t.path("context")), index);
            String msg = "Can you recommend a movie?";
            for (int r = 0; r < 5; r++) {
                RequestFrame f = Understanding.parse(msg, index);
                out.println("frame " + f);
                s = StateTracker.apply(s, f);
                Constraints c = Constraints.none();
                Policy.Decision dec = policy.decide(s, f, c, cfg);
                out.println("decision " + dec);
                scores(out, ranker, s, c, index);
                out.println("pool " + pool(ranker, s, c, index, cfg.candidatePool()));
                ranked(out, "rank12", ranker.rank(s, c, index, 12));
                if (!Policy.CLARIFY.equals(dec.act())) {
                    break;
                }
                s = StateTracker.afterDecision(s, dec, null);
                msg = RedialHarness.attrAnswer(dec.attribute(), goldInfo);
            }
            ranked(out, "rank50", ranker.rank(s, Constraints.none(), index, 50));
            // the same final state under synthetic instructions, and with the other weights
            Constraints c = synthetic(no, goldInfo, genres);
            out.println("constraints " + c);
            RequestFrame again = Understanding.parse("Can you recommend a movie?", index);
            out.println("decision/instr " + policy.decide(s, again, c, cfg));
            scores(out, ranker, s, c, index);
            ranked(out, "rank50/instr", ranker.rank(s, c, index, 50));
            Constraints c2 = synthetic(no, goldInfo, genres);
            out.println("decision/weights " + otherPolicy.decide(s, again, c2, cfg));
            scores(out, other, s, c2, index);
            ranked(out, "rank50/weights", other.rank(s, c2, index, 50));
        }
        // B4: ranking straight from the seeded context
        for (JsonNode t : turns) {
            out.println("=== B4 " + t.path("dialog_id").asText() + "/" + t.path("turn_id").asText());
            DialogueState s = StateTracker.seed(RedialHarness.historyOf(t.path("context")), index);
            ranked(out, "rank50", ranker.rank(s, Constraints.none(), index, 50));
        }
    }

    /** A deterministic mix of instructions per turn: preferred and avoided people and genres, year ranges. */
    private static Constraints synthetic(int no, List<RedialMovies.MovieRow> gold, List<String> genres) {
        List<Constraint> l = new ArrayList<>();
        if (!gold.isEmpty() && !gold.get(0).stars().isEmpty() && no % 2 == 0) {
            l.add(new Constraint(InstructionConstraints.PERSON, gold.get(0).stars().get(0), InstructionConstraints.PREFER, null, null, "i1"));
        }
        if (!gold.isEmpty() && !gold.get(0).genres().isEmpty() && no % 3 != 0) {
            l.add(new Constraint(InstructionConstraints.GENRE, gold.get(0).genres().get(0).toLowerCase(Locale.ROOT),
                    InstructionConstraints.PREFER, null, null, "i2"));
        }
        if (no % 4 == 1) {
            l.add(new Constraint(InstructionConstraints.GENRE, genres.get(no % genres.size()), InstructionConstraints.AVOID, null, null, "i3"));
        }
        if (no % 5 == 2) {
            l.add(new Constraint(InstructionConstraints.YEAR, null, InstructionConstraints.PREFER, 1975, 2012, "i4"));
        }
        if (no % 6 == 4 && !gold.isEmpty() && gold.get(0).stars().size() > 1) {
            l.add(new Constraint(InstructionConstraints.PERSON, gold.get(0).stars().get(1), InstructionConstraints.AVOID, null, null, "i6"));
        }
        if (no % 6 == 5) {
            l.add(new Constraint(InstructionConstraints.PERSON, "Samuel L. Jackson", InstructionConstraints.AVOID, null, null, "i7"));
        }
        if (no % 7 == 3) {
            l.add(new Constraint(InstructionConstraints.YEAR, null, InstructionConstraints.AVOID, 1990, 1999, "i5"));
        }
        return new Constraints(l);
    }

    /** Exact bits of every film's score, as a digest (a single changed bit changes it). */
    private static void scores(PrintWriter out, Ranker ranker, DialogueState s, Constraints c, CatalogIndex index) {
        Ranker.Scores sc = ranker.scoreAll(s, c, index);
        long h = 1;
        int finite = 0;
        for (int f = 0; f < sc.score.length; f++) {
            h = h * 1_000_003L + Float.floatToRawIntBits(sc.score[f]);
            finite += sc.score[f] == Float.NEGATIVE_INFINITY ? 0 : 1;
        }
        out.printf(Locale.ROOT, "scores %016x candidates=%d profile=%s/%s%n", h, finite,
                Arrays.toString(sc.profile.films()), Arrays.toString(sc.profile.weights()));
    }

    private static String pool(Ranker ranker, DialogueState s, Constraints c, CatalogIndex index, int k) {
        int[] top = Ranker.topK(ranker.scoreAll(s, c, index).score, k, index);
        StringBuilder sb = new StringBuilder().append(top.length).append(':');
        for (int f : top) {
            sb.append(' ').append(index.filmId[f]);
        }
        return sb.toString();
    }

    private static void ranked(PrintWriter out, String label, List<Ranker.Ranked> l) {
        out.println(label + " " + l.size());
        for (Ranker.Ranked r : l) {
            out.println("  " + r);
        }
    }
}
