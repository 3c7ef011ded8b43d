package dev.concierge.dialogue;

import dev.concierge.catalog.CatalogItem;
import dev.concierge.dialogue.InstructionConstraints.Constraints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the next act: "answer" (greeting, thanks, a question about an item), "clarify" (one question, about the
 * attribute with the largest expected information gain over the current candidate distribution) or "recommend".
 *
 * <p>The candidate distribution is the ranker's: the top {@code candidatePool} films, weight
 * exp((score - best) / temperature). For each askable attribute (genre, star, director, era) the policy simulates
 * the answer a user would give if each candidate were the film they want (its first values of that attribute,
 * at most 3, as the ranker would weigh them; no value = "I don't mind") and computes the expected entropy of the
 * resulting distribution; gain = H(now) - E[H(after)], times the attribute's answerability prior.
 * It never asks an attribute already asked, or answered by the conversation or the profile.
 * It recommends when the user does not mind, the question budget is spent, the effective number of candidates
 * exp(H) is at most {@code fewEnough}, or no question gains at least {@code minGain} nats.
 */
public final class Policy {

    public static final String CLARIFY = "clarify";
    public static final String RECOMMEND = "recommend";
    public static final String ANSWER = "answer";

    public static final String GENRE = "genre";
    public static final String STAR = "star";
    public static final String DIRECTOR = "director";
    public static final String ERA = "era";

    /** A decision. For clarify: attribute, question and options; for answer: text; for recommend: text is a lead-in. */
    public record Decision(String act, String attribute, String question, List<String> options, String text,
                           String why) {
    }

    public record PolicyConfig(int maxQuestions, double fewEnough, double minGain, int candidatePool,
                               double temperature, int maxOptions, Map<String, Double> answerability) {
        public static PolicyConfig defaults() {
            Map<String, Double> a = new LinkedHashMap<>();
            a.put(GENRE, 1.0);
            a.put(STAR, 1.0);
            a.put(DIRECTOR, 0.7);
            a.put(ERA, 0.3);
            return new PolicyConfig(3, 3.0, 0.25, 300, 1.0, 5, a);
        }
    }

    private final Ranker ranker;
    private final CatalogIndex index;

    public Policy(Ranker ranker, CatalogIndex index) {
        this.ranker = ranker;
        this.index = index;
    }

    /**
     * @param state the state AFTER {@link StateTracker#apply} of this message
     * @param frame the parsed message
     */
    public Decision decide(DialogueState state, RequestFrame frame, Constraints constraints, PolicyConfig cfg) {
        PolicyConfig config = cfg == null ? PolicyConfig.defaults() : cfg;
        String intent = frame == null ? RequestFrame.OTHER : frame.intent();
        if (RequestFrame.ITEM_QUESTION.equals(intent)) {
            return new Decision(ANSWER, null, null, List.of(), answerAbout(frame), "question about an item");
        }
        if (RequestFrame.GREETING.equals(intent)) {
            return new Decision(ANSWER, null, null, List.of(),
                    "Hi! Tell me what you feel like watching, or a movie you loved, and I'll find something.", "greeting");
        }
        if (RequestFrame.THANKS.equals(intent)) {
            return new Decision(ANSWER, null, null, List.of(), "You're welcome! Enjoy the movie.", "thanks");
        }
        if (RequestFrame.OTHER.equals(intent) && state.askedAttributes().isEmpty()) {
            return new Decision(ANSWER, null, null, List.of(),
                    "I can recommend movies: tell me a genre, an actor or a movie you liked.", "not about recommending");
        }
        if (frame != null && frame.noPreference()) {
            List<String> asked = state.askedAttributes();
            boolean answeredLastQuestion = !asked.isEmpty()
                    && state.indifferentAttributes().contains(asked.get(asked.size() - 1));
            // "anything is fine" as a request, or a second "I don't mind": stop asking
            if (!answeredLastQuestion || state.indifferentAttributes().size() >= 2) {
                return recommend("the user does not mind");
            }
        }
        if (state.questionsAsked() >= config.maxQuestions()) {
            return recommend("question budget used");
        }
        Ranker.Scores sc = ranker.scoreAll(state, constraints, index);
        int[] pool = Ranker.topK(sc.score, config.candidatePool(), index);
        if (pool.length == 0) {
            return recommend("no candidates");
        }
        double[] wts = new double[pool.length];
        double best = sc.score[pool[0]];
        double z = 0;
        for (int i = 0; i < pool.length; i++) {
            wts[i] = Math.exp((sc.score[pool[i]] - best) / config.temperature());
            z += wts[i];
        }
        for (int i = 0; i < pool.length; i++) {
            wts[i] /= z;
        }
        double h = entropy(wts);
        if (Math.exp(h) <= config.fewEnough()) {
            return recommend("few enough candidates (" + String.format("%.1f", Math.exp(h)) + ")");
        }
        String bestAttr = null;
        double bestGain = 0;
        StringBuilder gains = new StringBuilder();
        for (Map.Entry<String, Double> e : config.answerability().entrySet()) {
            String a = e.getKey();
            if (known(a, state, constraints)) {
                continue;
            }
            double gain = (h - expectedEntropy(a, pool, wts, h, config)) * e.getValue();
            gains.append(String.format(java.util.Locale.ROOT, " %s=%.2f", a, gain));
            if (gain > bestGain + 1e-9) {
                bestGain = gain;
                bestAttr = a;
            }
        }
        if (bestAttr == null || bestGain < config.minGain()) {
            return recommend(String.format(java.util.Locale.ROOT, "no informative question left (H=%.2f;%s)", h, gains));
        }
        List<String> options = options(bestAttr, pool, wts, state, config.maxOptions());
        return new Decision(CLARIFY, bestAttr, question(bestAttr, options), options, question(bestAttr, options),
                String.format(java.util.Locale.ROOT, "H=%.2f over %d candidates; gains%s", h, pool.length, gains));
    }

    private static Decision recommend(String why) {
        return new Decision(RECOMMEND, null, null, List.of(), "Here are some movies you might like:", why);
    }

    /** True when the conversation, the profile or an earlier question already covers the attribute. */
    public boolean known(String attribute, DialogueState s, Constraints c) {
        if (s.askedAttributes().contains(attribute)) {
            return true;
        }
        Constraints cons = c == null ? Constraints.none() : c;
        List<String> people = new ArrayList<>(s.wantedPeople());
        people.addAll(cons.values(InstructionConstraints.PERSON, InstructionConstraints.PREFER));
        return switch (attribute) {
            case GENRE -> !s.wantedGenres().isEmpty() || !cons.values(InstructionConstraints.GENRE, InstructionConstraints.PREFER).isEmpty();
            case STAR -> people.stream().anyMatch(index::isMainlyStar);
            case DIRECTOR -> people.stream().anyMatch(index::isMainlyDirector);
            case ERA -> s.yearMin() != null || s.yearMax() != null
                    || cons.list().stream().anyMatch(k -> InstructionConstraints.YEAR.equals(k.kind()));
            default -> false;
        };
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double x : p) {
            if (x > 0) {
                h -= x * Math.log(x);
            }
        }
        return h;
    }

    /** The user answers with at most this many values of the film they want (its first ones, in catalog order). */
    private static final int ANSWER_VALUES = 3;

    /** Values (codes) of the attribute of each pool film, in catalog order; the decade for era. */
    private int[][] values(String attribute, int[] pool) {
        int[][] vals = new int[pool.length][];
        for (int i = 0; i < pool.length; i++) {
            int f = pool[i];
            vals[i] = switch (attribute) {
                case GENRE -> index.genres[f];
                case STAR -> index.stars[f];
                case DIRECTOR -> index.directors[f];
                case ERA -> index.year[f] == 0 ? new int[0] : new int[]{index.year[f] / 10};
                default -> new int[0];
            };
        }
        return vals;
    }

    /**
     * An inverted index over the pool, value -&gt; pool positions, in flat arrays built by one sort of
     * (value, position) pairs: value {@code keys[d]} has the ascending positions
     * {@code positions[start[d] .. start[d + 1])}; keys ascending, {@code count} of them.
     */
    private record Postings(int[] keys, int count, int[] start, int[] positions) {
        static Postings of(int[][] vals) {
            int total = 0;
            for (int[] v : vals) {
                total += v.length;
            }
            long[] pairs = new long[total];
            int q = 0;
            for (int i = 0; i < vals.length; i++) {
                for (int v : vals[i]) {
                    pairs[q++] = (long) v << 32 | i; // codes and decades are never negative
                }
            }
            Arrays.sort(pairs);
            int[] keys = new int[total];
            int[] start = new int[total + 1];
            int[] positions = new int[total];
            int count = 0;
            for (int p = 0; p < total; p++) {
                int v = (int) (pairs[p] >>> 32);
                if (count == 0 || keys[count - 1] != v) {
                    keys[count] = v;
                    start[count++] = p;
                }
                positions[p] = (int) pairs[p];
            }
            start[count] = total;
            return new Postings(keys, count, start, positions);
        }

        /** Index d of a value that occurs in the pool. */
        int find(int value) {
            return Arrays.binarySearch(keys, 0, count, value);
        }
    }

    /**
     * Expected entropy of the candidate distribution after the user answers about the attribute: for each pool
     * film i (weight w_i) the user would answer with its first {@link #ANSWER_VALUES} values, and every pool film
     * sharing some of them gains weight. Runs for up to four attributes per turn over a 300-film pool, so it works
     * on flat int arrays (an inverted index of sorted postings) rather than boxed maps and lists, and computes the
     * entropy once per distinct answer (films of one decade, or with the same genres, answer alike).
     */
    private double expectedEntropy(String attribute, int[] pool, double[] wts, double h, PolicyConfig cfg) {
        int[][] vals = values(attribute, pool);
        Ranker.Weights rw = ranker.weights();
        Posterior posterior = new Posterior(Postings.of(vals), wts, attribute, rw, cfg.temperature());
        Map<Answer, Double> byAnswer = new HashMap<>();
        double expected = 0;
        for (int i = 0; i < pool.length; i++) {
            int na = Math.min(ANSWER_VALUES, vals[i].length);
            if (na == 0) {
                expected += wts[i] * h; // "I don't mind": nothing learned
                continue;
            }
            Answer answer = new Answer(na, vals[i][0], na > 1 ? vals[i][1] : -1, na > 2 ? vals[i][2] : -1);
            Double post = byAnswer.get(answer);
            if (post == null) {
                post = posterior.entropyAfter(vals[i], na);
                byAnswer.put(answer, post);
            }
            expected += wts[i] * Math.max(0, post);
        }
        return expected;
    }

    /** The first values of a film that a user gives as the answer (-1: none). */
    private record Answer(int count, int first, int second, int third) {
    }

    /** Entropy of the pool's distribution after one simulated answer; built per attribute, reused per answer. */
    private static final class Posterior {
        private final Postings inv;
        private final double[] wts;
        private final double[] wLogW;   // w_j log w_j (0 for w_j = 0), as the sums below need it
        private final double sumWLogW;
        private final boolean era;
        private final boolean genre;
        private final Ranker.Weights rw;
        private final double temperature;
        // scratch: the pool positions an answer matches, ascending, and how many of its values each matches
        private final int[] touched;
        private final int[] overlap;
        private final int[] head = new int[ANSWER_VALUES];
        private final int[] end = new int[ANSWER_VALUES];

        Posterior(Postings inv, double[] wts, String attribute, Ranker.Weights rw, double temperature) {
            this.inv = inv;
            this.wts = wts;
            this.era = ERA.equals(attribute);
            this.genre = GENRE.equals(attribute);
            this.rw = rw;
            this.temperature = temperature;
            double sum = 0;
            for (double x : wts) {
                if (x > 0) {
                    sum += x * Math.log(x);
                }
            }
            this.sumWLogW = sum;
            this.wLogW = new double[wts.length];
            for (int j = 0; j < wts.length; j++) {
                wLogW[j] = wts[j] > 0 ? wts[j] * Math.log(wts[j]) : 0;
            }
            this.touched = new int[wts.length];
            this.overlap = new int[wts.length];
        }

        /** The first {@code na} values of {@code answer}, all present in the pool. */
        double entropyAfter(int[] answer, int na) {
            int[] start = inv.start();
            int[] postings = inv.positions();
            for (int a = 0; a < na; a++) {
                int d = inv.find(answer[a]);
                head[a] = start[d];
                end[a] = start[d + 1];
            }
            // merge the answer values' posting lists: positions ascending (the sums below run in that order)
            int nt = 0;
            while (true) {
                int next = Integer.MAX_VALUE;
                for (int a = 0; a < na; a++) {
                    if (head[a] < end[a] && postings[head[a]] < next) {
                        next = postings[head[a]];
                    }
                }
                if (next == Integer.MAX_VALUE) {
                    break;
                }
                int count = 0;
                for (int a = 0; a < na; a++) {
                    if (head[a] < end[a] && postings[head[a]] == next) {
                        head[a]++;
                        count++;
                    }
                }
                touched[nt] = next;
                overlap[nt++] = count;
            }
            if (era) {
                // hard filter on the decade
                double zz = 0, s = 0;
                for (int t = 0; t < nt; t++) {
                    zz += wts[touched[t]];
                }
                for (int t = 0; t < nt; t++) {
                    double p = wts[touched[t]] / zz;
                    s -= p * Math.log(p);
                }
                return s;
            }
            // boost: w'_j = w_j * exp(lambda * overlap_j); one exp per overlap count, not per matched film
            double perMatch = genre ? rw.genre() / na : rw.person();
            double[] boost = new double[na + 1];
            for (int c = 1; c <= na; c++) {
                boost[c] = Math.exp(perMatch * c / temperature);
            }
            double zz = 1.0, swl = sumWLogW;
            for (int t = 0; t < nt; t++) {
                int j = touched[t];
                double wj = wts[j];
                double nw = wj * boost[overlap[t]];
                zz += nw - wj;
                swl += nw * Math.log(nw) - wLogW[j];
            }
            return Math.log(zz) - swl / zz;
        }
    }

    /**
     * The answers to offer: the attribute's values by probability mass over the pool (each film adds its weight
     * plus a little, so frequent values win among rare ones), then by name, leaving out what the user already
     * wants. Works on value codes; only era goes by label, since two decades can share one ("the 90s").
     */
    private List<String> options(String attribute, int[] pool, double[] wts, DialogueState s, int max) {
        String[] names;
        double[] mass;
        if (ERA.equals(attribute)) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < pool.length; i++) {
                if (index.year[pool[i]] != 0) {
                    m.merge(decadeLabel(index.year[pool[i]]), wts[i] + 1e-3, Double::sum);
                }
            }
            names = m.keySet().toArray(new String[0]);
            mass = m.values().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            Postings inv = Postings.of(values(attribute, pool));
            List<String> vocab = GENRE.equals(attribute) ? index.genreNames : index.personNames;
            names = new String[inv.count()];
            mass = new double[inv.count()];
            for (int d = 0; d < inv.count(); d++) {
                names[d] = vocab.get(inv.keys()[d]);
                double sum = 0; // 0 + x is exactly x: the same sums, in pool order, as merging into a map
                for (int p = inv.start()[d]; p < inv.start()[d + 1]; p++) {
                    sum += wts[inv.positions()[p]] + 1e-3;
                }
                mass[d] = sum;
            }
        }
        // the best max values, kept sorted (mass desc, then name): a selection, not a sort of every value
        int[] best = new int[Math.max(0, max)];
        int kept = 0;
        for (int d = 0; d < names.length; d++) {
            if (s.wantedGenres().contains(names[d]) || s.wantedPeople().contains(names[d])) {
                continue;
            }
            int at = kept;
            while (at > 0 && before(d, best[at - 1], names, mass)) {
                at--;
            }
            if (at >= best.length) {
                continue;
            }
            int moved = Math.min(kept, best.length - 1) - at;
            System.arraycopy(best, at, best, at + 1, moved);
            best[at] = d;
            kept = Math.min(kept + 1, best.length);
        }
        List<String> out = new ArrayList<>(kept);
        for (int i = 0; i < kept; i++) {
            out.add(names[best[i]]);
        }
        return List.copyOf(out);
    }

    /** Option order: larger mass first, then by name (names are distinct, so this is a total order). */
    private static boolean before(int a, int b, String[] names, double[] mass) {
        int cmp = Double.compare(-mass[a], -mass[b]);
        return cmp != 0 ? cmp < 0 : names[a].compareTo(names[b]) < 0;
    }

    static String decadeLabel(int year) {
        int d = year / 10 * 10;
        return d >= 2000 ? "the " + d + "s" : "the " + (d % 100) + "s";
    }

    static String question(String attribute, List<String> options) {
        String ex = options.isEmpty() ? "" : " For example: " + orList(options.subList(0, Math.min(3, options.size()))) + ".";
        return switch (attribute) {
            case GENRE -> "What kind of movie are you in the mood for?" + ex;
            case STAR -> "Is there an actor or actress you'd like to see?" + ex;
            case DIRECTOR -> "Is there a director whose movies you like?" + ex;
            case ERA -> "Newer or older? Which era do you prefer?" + ex;
            default -> "Anything else I should know?";
        };
    }

    private static String orList(List<String> l) {
        if (l.size() <= 1) {
            return l.isEmpty() ? "" : l.get(0);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " or " + l.get(l.size() - 1);
    }

    private String answerAbout(RequestFrame frame) {
        CatalogItem it = index.item(frame.questionItemId());
        if (it == null) {
            return "I don't know that one.";
        }
        String t = it.title() != null ? it.title() : it.name();
        return switch (frame.questionAbout() == null ? "" : frame.questionAbout()) {
            case "director" -> it.attribute(CatalogIndex.DIRECTORS).isEmpty() ? "I don't know who directed " + t + "."
                    : t + " was directed by " + String.join(" and ", it.attribute(CatalogIndex.DIRECTORS)) + ".";
            case "stars" -> it.attribute(CatalogIndex.STARS).isEmpty() ? "I don't know the cast of " + t + "."
                    : t + " stars " + String.join(", ", it.attribute(CatalogIndex.STARS)) + ".";
            case "year" -> it.year() == null ? "I don't know when " + t + " came out." : t + " came out in " + it.year() + ".";
            case "genre" -> t + " is " + String.join(", ", it.attribute(CatalogIndex.GENRES)) + ".";
            default -> it.name() + ": " + String.join(", ", it.attribute(CatalogIndex.GENRES))
                    + (it.attribute(CatalogIndex.DIRECTORS).isEmpty() ? "" : ", directed by " + String.join(" and ", it.attribute(CatalogIndex.DIRECTORS)))
                    + (it.attribute(CatalogIndex.STARS).isEmpty() ? "" : ", with " + String.join(", ", it.attribute(CatalogIndex.STARS))) + ".";
        };
    }
}
