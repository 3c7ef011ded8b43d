package dev.concierge.dialogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Offline emulation of benchmarks B3 and B4 (shared/docs/benchmarks.md), in process, following
 * shared/tools/contract_client.py (b3, attr_answer, history_of) on all turns of recommendation_turns_valid.jsonl.
 *
 * <p>Honesty split: co-occurrence, popularity and the canonical choice among duplicate rows are learned only from
 * raw dialogues whose numeric dialog id has parity {@code --learn} (even|odd|all|none) and the benchmarks are
 * reported only on turns of dialogues with parity {@code --eval} (even|odd|all).
 *
 * <pre>
 * ./mvnw -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *   -Dexec.mainClass=dev.concierge.dialogue.RedialHarness -Dexec.classpathScope=test \
 *   -Dexec.args="--data ../shared/data/redial --learn even --eval odd"
 * </pre>
 * Options: --bench b3|b4|both, --limit N (turns), --weights w1,..,w12 (Ranker.Weights order), --max-questions N,
 * --verbose N (print N example B3 dialogues).
 */
public final class RedialHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path data = Path.of(opt.getOrDefault("data", "../shared/data/redial"));
        if (!Files.isDirectory(data)) {
            System.err.println("ReDial data folder not found: " + data.toAbsolutePath() + " (use --data DIR)");
            System.exit(2);
        }
        String learn = opt.getOrDefault("learn", "even");
        String eval = opt.getOrDefault("eval", "odd");
        String bench = opt.getOrDefault("bench", "both");
        int limit = Integer.parseInt(opt.getOrDefault("limit", "100000"));
        int verbose = Integer.parseInt(opt.getOrDefault("verbose", "0"));

        long t0 = System.nanoTime();
        Parts parts = Parts.load(data, learn);
        List<RedialMovies.MovieRow> rows = parts.rows();
        Map<String, RedialMovies.MovieRow> byName = parts.byName();
        CooccurrenceModel model = parts.model();
        CatalogIndex index = parts.index();
        long t1 = System.nanoTime();
        Ranker.Weights weights = Ranker.Weights.defaults();
        if (opt.containsKey("weights")) {
            String[] p = opt.get("weights").split(",");
            double[] d = new double[14];
            double[] def = {weights.person(), weights.genre(), weights.instruction(), weights.similarity(), weights.cooc(),
                    weights.directed(), weights.popularity(), weights.yearMiss(), weights.likedWeight(),
                    weights.neutralWeight(), weights.suggestedWeight(), weights.coocSmoothing(), weights.yearPrior(), weights.recency()};
            for (int i = 0; i < 14; i++) {
                d[i] = i < p.length && !p[i].isBlank() ? Double.parseDouble(p[i]) : def[i];
            }
            weights = new Ranker.Weights(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13]);
        }
        Ranker ranker = new Ranker(model, weights);
        Policy policy = new Policy(ranker, index);
        Policy.PolicyConfig base = Policy.PolicyConfig.defaults();
        Policy.PolicyConfig cfg = new Policy.PolicyConfig(Integer.parseInt(opt.getOrDefault("max-questions", "" + base.maxQuestions())),
                base.fewEnough(), base.minGain(), base.candidatePool(), base.temperature(), base.maxOptions(), base.answerability());

        List<JsonNode> turns = turns(data, eval, limit);
        System.out.printf(Locale.ROOT, "catalog rows=%d films=%d; learned from %d dialogues (%s ids), evaluated on %d turns (%s ids); setup %.0f ms%n",
                rows.size(), index.size(), model.dialogues(), learn, turns.size(), eval, (t1 - t0) / 1e6);
        System.out.println("weights " + weights);

        if (!bench.equals("b4")) {
            runB3(turns, index, ranker, policy, cfg, byName, verbose);
        }
        if (!bench.equals("b3")) {
            runB4(turns, index, ranker, byName);
        }
    }

    /** The catalog rows, the film of each name, the co-occurrence model learned from dialogues of parity {@code learn} and the index. */
    record Parts(List<RedialMovies.MovieRow> rows, Map<String, RedialMovies.MovieRow> byName, CooccurrenceModel model,
                 CatalogIndex index) {
        static Parts load(Path data, String learn) throws IOException {
            List<RedialMovies.MovieRow> rows;
            try (InputStream in = new FileInputStream(data.resolve("movies.jsonl").toFile())) {
                rows = RedialMovies.readRows(in);
            }
            Set<String> ids = new HashSet<>();
            Map<String, RedialMovies.MovieRow> byName = new HashMap<>();
            for (RedialMovies.MovieRow r : rows) {
                ids.add(r.id());
                byName.put(r.name(), r); // last wins, like the Python client's dict
            }
            CooccurrenceModel model;
            if (learn.equals("none")) {
                model = CooccurrenceModel.empty();
            } else {
                try (InputStream in = new FileInputStream(data.resolve("dialogues_valid_raw.jsonl").toFile())) {
                    model = CooccurrenceModel.learn(in, parity(learn), ids::contains);
                }
            }
            CatalogIndex index = new CatalogIndex(RedialMovies.toItems(rows, model.mentionCounts()));
            return new Parts(rows, byName, model, index);
        }
    }

    /** The first {@code limit} recommendation turns of dialogues of parity {@code eval}. */
    static List<JsonNode> turns(Path data, String eval, int limit) throws IOException {
        List<JsonNode> turns = new ArrayList<>();
        Predicate<String> evalP = parity(eval);
        for (String line : Files.readAllLines(data.resolve("recommendation_turns_valid.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode t = JSON.readTree(line);
            if (evalP.test(t.path("dialog_id").asText()) && turns.size() < limit) {
                turns.add(t);
            }
        }
        return turns;
    }

    static Predicate<String> parity(String which) {
        return switch (which) {
            case "even" -> id -> Long.parseLong(id) % 2 == 0;
            case "odd" -> id -> Long.parseLong(id) % 2 != 0;
            case "all" -> id -> true;
            default -> id -> false;
        };
    }

    static List<Msg> historyOf(JsonNode ctx) {
        List<Msg> out = new ArrayList<>();
        for (int i = 0; i < ctx.size(); i++) {
            String x = ctx.get(i).asText();
            if (!x.isEmpty()) {
                out.add(new Msg(i % 2 == 0 ? Msg.USER : Msg.ASSISTANT, x));
            }
        }
        return out;
    }

    /** contract_client.attr_answer. */
    static String attrAnswer(String attr, List<RedialMovies.MovieRow> gold) {
        String a = attr == null ? "" : attr.toLowerCase(Locale.ROOT);
        String key = a.contains("genre") ? "genres" : (a.contains("star") || a.contains("actor") || a.contains("cast")) ? "stars"
                : a.contains("director") ? "directors" : null;
        if (key == null) {
            return "I don't mind.";
        }
        List<String> vals = new ArrayList<>();
        for (RedialMovies.MovieRow g : gold) {
            List<String> vs = switch (key) {
                case "genres" -> g.genres();
                case "stars" -> g.stars();
                default -> g.directors();
            };
            for (String v : vs) {
                if (!vals.contains(v)) {
                    vals.add(v);
                }
            }
        }
        return vals.isEmpty() ? "I don't mind." : "I like " + String.join(", ", vals.subList(0, Math.min(3, vals.size()))) + ".";
    }

    static void runB3(List<JsonNode> turns, CatalogIndex index, Ranker ranker, Policy policy, Policy.PolicyConfig cfg,
                      Map<String, RedialMovies.MovieRow> byName, int verbose) {
        int[] hits = new int[3];
        int[] ks = {1, 10, 50};
        long rounds = 0, ooc = 0, total = 0, rankNs = 0, decideNs = 0, decides = 0, ranks = 0;
        Map<String, Integer> firstAsk = new HashMap<>();
        Map<String, Integer> missWhy = new HashMap<>();
        boolean misses = verbose < 0;
        verbose = Math.abs(verbose);
        int shown = 0;
        for (JsonNode t : turns) {
            List<String> gold = new ArrayList<>();
            t.path("rec").forEach(x -> gold.add(x.asText()));
            List<RedialMovies.MovieRow> goldInfo = gold.stream().filter(byName::containsKey).map(byName::get).toList();
            DialogueState s = StateTracker.seed(historyOf(t.path("context")), index);
            String msg = "Can you recommend a movie?";
            int used = 0;
            StringBuilder log = new StringBuilder();
            for (int r = 0; r < 5; r++) {
                used = r + 1;
                RequestFrame f = Understanding.parse(msg, index);
                s = StateTracker.apply(s, f);
                long a = System.nanoTime();
                Policy.Decision d = policy.decide(s, f, InstructionConstraints.Constraints.none(), cfg);
                decideNs += System.nanoTime() - a;
                decides++;
                log.append("  user: ").append(msg).append("\n  bot: ").append(d.act()).append(' ')
                        .append(d.attribute() == null ? "" : d.attribute() + " " + d.options()).append(" (").append(d.why()).append(")\n");
                if (!Policy.CLARIFY.equals(d.act())) {
                    if (r == 0) {
                        firstAsk.merge("(" + d.act() + ")", 1, Integer::sum);
                    }
                    break;
                }
                if (r == 0) {
                    firstAsk.merge(d.attribute(), 1, Integer::sum);
                }
                s = StateTracker.afterDecision(s, d, null);
                msg = attrAnswer(d.attribute(), goldInfo);
            }
            rounds += used;
            long a = System.nanoTime();
            List<Ranker.Ranked> recs = ranker.rank(s, InstructionConstraints.Constraints.none(), index, 50);
            rankNs += System.nanoTime() - a;
            ranks++;
            List<String> names = recs.stream().map(Ranker.Ranked::name).toList();
            total += names.size();
            ooc += names.stream().filter(nm -> !byName.containsKey(nm)).count();
            for (int i = 0; i < 3; i++) {
                List<String> top = names.subList(0, Math.min(ks[i], names.size()));
                if (gold.stream().anyMatch(top::contains)) {
                    hits[i]++;
                }
            }
            boolean hit10 = gold.stream().anyMatch(names.subList(0, Math.min(10, names.size()))::contains);
            String why = "";
            if (!hit10) {
                String ctxAll = String.join(" ", historyOf(t.path("context")).stream().map(Msg::text).toList());
                boolean inCtx = gold.stream().allMatch(ctxAll::contains);
                boolean dupName = gold.stream().anyMatch(g -> byName.containsKey(g) && index.item(byName.get(g).id()) != null
                        && index.item(byName.get(g).id()).isDuplicate());
                final DialogueState fs = s;
                boolean excluded = gold.stream().filter(byName::containsKey).allMatch(g -> {
                    String c = index.canonical(byName.get(g).id());
                    return fs.mentioned().contains(c) || fs.seen().contains(c);
                });
                int rank = -1;
                for (int i = 0; i < names.size() && rank < 0; i++) {
                    if (gold.contains(names.get(i))) {
                        rank = i + 1;
                    }
                }
                why = inCtx ? "gold-in-context" : excluded ? "gold-mentioned-other-form" : dupName ? "gold-is-duplicate-row"
                        : rank > 0 ? "rank-11-50" : "other";
                missWhy.merge(why, 1, Integer::sum);
            }
            if (shown < verbose && (!misses || !hit10)) {
                shown++;
                System.out.println("MISS? " + why);
                System.out.println("--- " + t.path("dialog_id").asText() + "/" + t.path("turn_id").asText() + " gold=" + gold);
                System.out.print(log);
                for (int i = 0; i < Math.min(3, recs.size()); i++) {
                    System.out.println("  #" + (i + 1) + " " + recs.get(i).name() + " [" + recs.get(i).reason() + "]");
                }
            }
        }
        int m = Math.max(1, turns.size());
        System.out.printf(Locale.ROOT, "B3 turns=%d r1=%.3f r10=%.3f r50=%.3f rounds=%.2f ooc=%d/%d first-question=%s misses@10=%s decide=%.2fms rank=%.2fms%n",
                turns.size(), hits[0] / (double) m, hits[1] / (double) m, hits[2] / (double) m, rounds / (double) m, ooc, total,
                firstAsk, missWhy, decideNs / 1e6 / Math.max(1, decides), rankNs / 1e6 / Math.max(1, ranks));
    }

    static void runB4(List<JsonNode> turns, CatalogIndex index, Ranker ranker, Map<String, RedialMovies.MovieRow> byName) {
        int[] hits = new int[3];
        int[] ks = {1, 10, 50};
        int evaluated = 0;
        long ooc = 0, total = 0, rankNs = 0;
        for (JsonNode t : turns) {
            List<String> ctx = new ArrayList<>();
            t.path("context").forEach(x -> ctx.add(x.asText()));
            String joined = String.join(" ", ctx);
            List<String> gold = new ArrayList<>();
            t.path("rec").forEach(x -> {
                if (!joined.contains(x.asText())) {
                    gold.add(x.asText());
                }
            });
            if (gold.isEmpty()) {
                continue;
            }
            evaluated++;
            DialogueState s = StateTracker.seed(historyOf(t.path("context")), index);
            long a = System.nanoTime();
            List<Ranker.Ranked> recs = ranker.rank(s, InstructionConstraints.Constraints.none(), index, 50);
            rankNs += System.nanoTime() - a;
            List<String> names = recs.stream().map(Ranker.Ranked::name).toList();
            total += names.size();
            ooc += names.stream().filter(nm -> !byName.containsKey(nm)).count();
            for (int i = 0; i < 3; i++) {
                List<String> top = names.subList(0, Math.min(ks[i], names.size()));
                if (gold.stream().anyMatch(top::contains)) {
                    hits[i]++;
                }
            }
        }
        int m = Math.max(1, evaluated);
        System.out.printf(Locale.ROOT, "B4 turns=%d r1=%.3f r10=%.3f r50=%.3f ooc=%d/%d rank=%.2fms%n",
                evaluated, hits[0] / (double) m, hits[1] / (double) m, hits[2] / (double) m, ooc, total, rankNs / 1e6 / m);
    }
}
