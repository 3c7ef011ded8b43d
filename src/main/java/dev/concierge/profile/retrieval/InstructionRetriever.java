package dev.concierge.profile.retrieval;

import dev.concierge.profile.Concepts;
import dev.concierge.profile.Cuisines;
import dev.concierge.profile.Instruction;
import dev.concierge.profile.Lexicon;
import dev.concierge.profile.TextEmbedder;
import dev.concierge.profile.learn.PreferenceParser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hybrid retrieval of standing instructions for a turn: MiniLM cosine + BM25 over instruction text and
 * subject + domain-lexicon match, with conditions (a conditional instruction applies only when its
 * condition matches the request; the action may be in another domain: chains), an applied-set decision
 * (none / one / several) and explicit per-turn overrides. Thread-safe; one embedding per query.
 */
public final class InstructionRetriever {

    /** Tunable weights and thresholds; {@link #DEFAULT} was tuned on 8 PrefEval topics (see PrefEvalHarness). */
    public record Params(double wCos, double wTopic, double wLex, double wDom, double wProto, double lexK,
                         double applyMin, double applyMargin, double condMin, int maxApplied) {
        public Params with(double wCos, double wTopic, double wLex, double wDom, double wProto, double lexK) {
            return new Params(wCos, wTopic, wLex, wDom, wProto, lexK, applyMin, applyMargin, condMin, maxApplied);
        }

        public Params withApply(double applyMin, double applyMargin) {
            return new Params(wCos, wTopic, wLex, wDom, wProto, lexK, applyMin, applyMargin, condMin, maxApplied);
        }
    }

    public static final Params DEFAULT = new Params(0.8, 0.0, 0.1, 0.3, 0.05, 1.0, 0.20, 0.27, 0.42, 6);

    /** Softmax temperature of the prototype domain distribution. */
    private static final double PROTO_TEMP = 0.04;
    private final float[][] protos;

    private final TextEmbedder embedder;
    private final Params params;

    public InstructionRetriever(TextEmbedder embedder) {
        this(embedder, DEFAULT);
    }

    public InstructionRetriever(TextEmbedder embedder, Params params) {
        this.embedder = embedder;
        this.params = params;
        this.protos = new float[Lexicon.DOMAINS.size()][];
        for (int i = 0; i < protos.length; i++) {
            String d = Lexicon.DOMAINS.get(i);
            protos[i] = embedder.embed(d + ": " + Lexicon.DESCRIPTION.get(d));
        }
    }

    /** Soft domain distribution of a vector over the domain prototypes (L2-normalized). */
    public float[] domainProto(float[] v) {
        double[] e = new double[protos.length];
        double max = -1e9;
        for (int i = 0; i < protos.length; i++) {
            e[i] = TextEmbedder.dot(v, protos[i]) / PROTO_TEMP;
            max = Math.max(max, e[i]);
        }
        float[] out = new float[protos.length];
        for (int i = 0; i < protos.length; i++) out[i] = (float) Math.exp(e[i] - max);
        return TextEmbedder.normalize(out);
    }

    public Params params() {
        return params;
    }

    // ------------------------------------------------------------------------------------------------------
    // Write time
    // ------------------------------------------------------------------------------------------------------

    private static final Pattern LEADING_COND = Pattern.compile(
            "^\\s*(?:also,?\\s+|please,?\\s+)?((?:when|whenever|if|every time|each time|any time|anytime|once|while)\\b[^,]{2,160}),\\s*(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * Features of an instruction, computed once at write time (costs one or two embeddings).
     *
     * @param text      the instruction text
     * @param domain    optional domain given by the user/extractor (added to the inferred profile), may be null
     * @param condition optional condition (from {@link dev.concierge.profile.learn.Statement#condition()}); when
     *                  null it is inferred from the text ("When I book concert tickets, also look for a hotel")
     */
    public InstructionFeatures features(String text, String domain, String condition) {
        return features(text, domain, condition, embedder);
    }

    /** The same, with the vectors from {@code embedder} (one that may already hold some of them). */
    public InstructionFeatures features(String text, String domain, String condition, TextEmbedder embedder) {
        String t = text == null ? "" : text.trim();
        String action = t;
        String cond = condition == null || condition.isBlank() ? null : condition.trim();
        boolean trigger = false;
        Matcher m = LEADING_COND.matcher(t);
        if (m.matches()) {
            if (cond == null) cond = m.group(1).trim();
            action = m.group(2).trim();
            trigger = true;
        } else {
            if (cond == null) {
                PreferenceParser.Parsed p = PreferenceParser.parseChatSentence(t);
                if (p.isStatement() && p.condition() != null) cond = p.condition();
            }
            if (cond != null) {
                String lc = cond.toLowerCase(Locale.ROOT);
                trigger = lc.startsWith("whenever") || lc.startsWith("every time") || lc.startsWith("each time")
                        || lc.startsWith("any time") || lc.startsWith("anytime");
                int idx = t.toLowerCase(Locale.ROOT).indexOf(lc);
                if (idx == 0) trigger = true;
            }
        }
        String polarity = PreferenceParser.polarityOf(action);
        String subject = PreferenceParser.subjectOf(action, polarity);
        float[] vec = embedder.embed(action.isEmpty() ? t : action);
        float[] cvec = cond == null ? null : embedder.embed(stripConditionWord(cond));
        List<String> terms = new ArrayList<>(lexTerms(action));
        if (subject != null) terms.addAll(lexTerms(subject)); // subject terms count twice
        Map<String, Double> dom = new HashMap<>(Lexicon.domainProfile(action));
        if (domain != null && Lexicon.GROUP.containsKey(domain)) {
            dom.merge(domain, 0.5, Double::sum);
            dom = normalize(dom);
        }
        List<String> cterms = cond == null ? List.of() : lexTerms(stripConditionWord(cond));
        Map<String, Double> cdom = cond == null ? Map.of() : Lexicon.domainProfile(cond);
        return new InstructionFeatures(InstructionFeatures.SCHEMA, vec, cvec, cond, trigger, terms, cterms, dom, cdom,
                polarity, subject, Concepts.core(subject), domainProto(vec));
    }

    private static String stripConditionWord(String cond) {
        return cond.replaceFirst("(?i)^(?:when|whenever|if|every time|each time|any time|anytime|once|while)\\s+", "");
    }

    private static Map<String, Double> normalize(Map<String, Double> m) {
        double n = 0;
        for (double v : m.values()) n += v * v;
        n = Math.sqrt(n);
        Map<String, Double> r = new HashMap<>();
        for (Map.Entry<String, Double> e : m.entrySet()) r.put(e.getKey(), n == 0 ? 0 : e.getValue() / n);
        return r;
    }

    // ------------------------------------------------------------------------------------------------------
    // Query time
    // ------------------------------------------------------------------------------------------------------

    /** Per-candidate raw signals (exposed for the evaluation harness and debugging). */
    public record Signals(double cos, double tcos, double bm25, double dom, double proto, double condCos, double condLex,
                          double condDom, boolean hasCondition, boolean trigger) {
    }

    /** A prepared query: its vector, terms and domain profile. */
    public record Query(String text, float[] vector, List<String> terms, Map<String, Double> domains, float[] proto,
                        List<String> implied) {
    }

    public Query prepare(String query) {
        return prepare(query, embedder.embed(query));
    }

    public Query prepare(String query, float[] queryVector) {
        Map<String, Double> domains = queryDomains(query);
        List<String> terms = lexTerms(query);
        List<String> implied = new ArrayList<>();
        if (domains.containsKey("food")) {
            for (String t : Cuisines.impliedTerms(query)) if (!terms.contains(t)) implied.add(t);
        }
        return new Query(query, queryVector, terms, domains, domainProto(queryVector), implied);
    }

    /** Domain profile of a request, with the request sentence (the last one) counted twice. */
    static Map<String, Double> queryDomains(String query) {
        Map<String, Double> all = Lexicon.requestProfile(query, SETTING_W);
        String[] parts = query.trim().split("(?<=[.?!])\\s+");
        if (parts.length < 2) return Lexicon.implyParents(all);
        Map<String, Double> focus = Lexicon.requestProfile(parts[parts.length - 1], SETTING_W);
        Map<String, Double> sum = new HashMap<>(all);
        focus.forEach((k, v) -> sum.merge(k, v, Double::sum));
        return Lexicon.implyParents(normalize(sum));
    }

    /** Words that say nothing about which instruction applies (recommendation boilerplate, intensity). */
    private static final java.util.Set<String> LEX_GENERIC = new java.util.HashSet<>(Lexicon.terms(
            "dish dishes activity activities experience experiences product products option place places thing local "
                    + "must try trying visit visiting trip travel traveling spot spots idea ideas top favorite popular "
                    + "unique fun nice some help find want need look check soon month week year day time first next "
                    + "plan go come take make use using buy get give keep strong severe aversion deep extreme intense "
                    + "concern concerns reason reasons personal particular kind type form any all new best good great "
                    + "high quality also enjoy enjoyable exciting interesting recommend recommendation suggest "
                    + "suggestion provide tips advice share list ensure stay involve involving involves include "
                    + "including always never only really very prefer avoid dislike like love hate refuse book booking reserve "
                    + "order search"));

    static List<String> lexTerms(String text) {
        List<String> out = new ArrayList<>();
        for (String t : Lexicon.terms(text)) if (!LEX_GENERIC.contains(t)) out.add(t);
        return out;
    }

    public List<Scored> rank(String query, List<Candidate> candidates) {
        return candidates.isEmpty() ? List.of() : rank(prepare(query), candidates);
    }

    public List<Scored> rank(String query, float[] queryVector, List<Candidate> candidates) {
        return rank(prepare(query, queryVector), candidates);
    }

    public List<Scored> rank(Query q, List<Candidate> candidates) {
        List<Signals> sig = signals(q, candidates);
        return decide(q, candidates, sig, true, null);
    }

    /** Ranking from precomputed signals (used by the evaluation harness to tune {@link Params}). */
    public List<Scored> rank(Query q, List<Candidate> candidates, List<Signals> signals) {
        return decide(q, candidates, signals, false, null);
    }

    /** Raw signals for every candidate, BM25 with document frequencies over the candidate set. */
    public List<Signals> signals(Query q, List<Candidate> candidates) {
        int n = candidates.size();
        Map<String, Integer> df = new HashMap<>();
        double avgLen = 0;
        List<String> qterms = new ArrayList<>(new java.util.LinkedHashSet<>(q.terms()));
        int direct = qterms.size();
        qterms.addAll(q.implied());
        for (Candidate c : candidates) {
            List<String> ts = c.features().terms();
            avgLen += ts.size();
            for (String t : qterms) if (ts.contains(t)) df.merge(t, 1, Integer::sum);
        }
        avgLen = n == 0 ? 1 : Math.max(1, avgLen / n);
        boolean dishRequest = isDishRequest(q);
        List<Signals> out = new ArrayList<>(n);
        for (Candidate c : candidates) {
            InstructionFeatures f = c.features();
            double cos = TextEmbedder.dot(q.vector(), f.vector());
            double bm = 0;
            if (!qterms.isEmpty()) {
                List<String> dt = f.terms();
                double len = dt.size();
                for (int qi = 0; qi < qterms.size(); qi++) {
                    String t = qterms.get(qi);
                    int x = 0;
                    for (int k = 0; k < dt.size(); k++) if (dt.get(k).equals(t)) x++;
                    if (x == 0) continue;
                    int d = df.getOrDefault(t, 1);
                    double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
                    double w = qi < direct ? 1.0 : IMPLIED_W;
                    bm += w * idf * (x * 2.2) / (x + 1.2 * (0.25 + 0.75 * len / avgLen));
                }
            }
            double dom = Lexicon.domainSimilarity(q.domains(), f.domains());
            double condCos = 0, condLex = 0, condDom = 0;
            boolean hasCond = f.condition() != null;
            if (hasCond) {
                condCos = TextEmbedder.dot(q.vector(), f.conditionVector());
                condLex = overlap(q.terms(), f.conditionTerms());
                condDom = Lexicon.domainSimilarity(q.domains(), f.conditionDomains());
            }
            double proto = TextEmbedder.dot(q.proto(), f.domainProto());
            double tcos = 0; // reserved (a "topic only" vector did not help on the tune split)
            if (dishRequest && isVenue(f)) dom *= VENUE_DOM;
            out.add(new Signals(cos, tcos, bm, dom, proto, condCos, condLex, condDom, hasCond, f.trigger()));
        }
        return out;
    }

    /** BM25 weight of an ingredient a named cuisine implies ({@link Cuisines}): half a word the user wrote. */
    static final double IMPLIED_W = 0.5;
    /**
     * Domain credit kept by a restaurant preference ("I avoid chain restaurants") on a request for dishes: it is
     * about where to eat, and the request is about what to eat, so a diet instruction should rank above it.
     */
    static final double VENUE_DOM = 0.5;

    /** A request about what to eat (dishes, snacks) rather than where: food named, no restaurant word. */
    private static boolean isDishRequest(Query q) {
        return q.domains().getOrDefault("food", 0.0) > 0 && !q.domains().containsKey("dining");
    }

    /** An instruction about where to eat (restaurants, cafés, dining out) more than about food itself. */
    private static boolean isVenue(InstructionFeatures f) {
        return f.domains().getOrDefault("dining", 0.0) >= f.domains().getOrDefault("food", 0.0) && f.domains().containsKey("dining");
    }

    private static double overlap(List<String> query, List<String> cond) {
        if (cond.isEmpty()) return 0;
        int hit = 0;
        for (String t : cond) if (query.contains(t)) hit++;
        return (double) hit / cond.size();
    }

    /** Relevance of the instruction content to the query, in [0, 1]. */
    public double contentScore(Signals s) {
        double lex = s.bm25() / (s.bm25() + params.lexK());
        double cos = Math.max(0, s.cos());
        return params.wCos() * cos + params.wTopic() * Math.max(0, s.tcos()) + params.wLex() * lex + params.wDom() * s.dom() + params.wProto() * s.proto();
    }

    /** How well the query matches the instruction's condition, in [0, 1]. */
    public double conditionScore(Signals s) {
        return Math.max(0, 0.55 * Math.max(0, s.condCos()) + 0.25 * s.condLex() + 0.20 * s.condDom());
    }

    /** Minimum relevance of an instruction to the action of a triggered conditional for it to apply (chain hop). */
    static final double CHAIN_MIN = 0.45;
    /**
     * Weight of scene-setting words ("visiting", "trip") in a request that also names what it asks for; chosen
     * on the tune split (0.15 and 0 tie there at R@1 0.831, from 0.823 at 1).
     */
    static final double SETTING_W = 0.15;
    /**
     * A plain instruction applies only with some evidence beyond the noise floor: a shared content term, a shared
     * domain (more than the group-only credit of 0.25: "movies" vs "concerts"), or a MiniLM cosine above what
     * unrelated sentences reach. On the tune split this removes noise from applied sets at no recall cost.
     */
    static final double NOISE_COS = 0.22, DOMAIN_EVIDENCE = 0.26;
    /** Maximum number of chain hops after the request itself. */
    static final int CHAIN_DEPTH = 2;

    /**
     * Scores, order and the applied set. Overridden instructions (the request explicitly goes against them this
     * time) do not apply; when {@code overridden} is given they are also collected there.
     */
    private List<Scored> decide(Query q, List<Candidate> candidates, List<Signals> sig, boolean explain,
                                List<Scored> overridden) {
        return decide(q, candidates, sig, explain, overridden, null);
    }

    private List<Scored> decide(Query q, List<Candidate> candidates, List<Signals> sig, boolean explain,
                                List<Scored> overridden, List<Scored> notHolding) {
        int n = candidates.size();
        Cues cues = Cues.of(q.text());
        double[] score = new double[n];
        boolean[] condOk = new boolean[n];
        String[] why = new String[n];
        double topPlain = 0;
        for (int i = 0; i < n; i++) {
            Signals s = sig.get(i);
            double content = contentScore(s);
            double sc = content;
            String w = explain ? "cos=" + r2(s.cos()) + " bm25=" + r2(s.bm25()) + " dom=" + r2(s.dom()) : null;
            if (s.hasCondition()) {
                double cs = conditionScore(s);
                condOk[i] = cs >= params.condMin();
                boolean negated = conditionNegated(cues, candidates.get(i).features());
                if (negated) {
                    condOk[i] = false;
                    if (notHolding != null) notHolding.add(new Scored(candidates.get(i).instruction(), round(cs), false,
                            "the request says the condition does not hold"));
                }
                if (explain) w += " cond=" + r2(cs) + (negated ? " (condition negated)" : condOk[i] ? " (condition met)" : " (condition not met)");
                if (s.trigger()) {
                    // a trigger gates the instruction: its relevance is the condition match (chains cross domains)
                    sc = condOk[i] ? Math.max(content, 0.5 * content + 0.5 * cs + 0.1) : 0.6 * content;
                } else {
                    sc = condOk[i] ? content + 0.05 : content * 0.9;
                }
            }
            score[i] = Math.min(1, sc);
            why[i] = w;
            if (!s.hasCondition() || !s.trigger()) topPlain = Math.max(topPlain, score[i]);
        }
        boolean[] chained = chain(candidates, sig, score, condOk, why, explain);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // ties in a fixed order (the profile's read order is not), so a turn's applied list is reproducible
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i])
                .thenComparing(i -> String.valueOf(candidates.get(i).instruction().id())));
        List<Scored> out = new ArrayList<>(n);
        int applied = 0;
        for (Integer i : order) {
            Signals s = sig.get(i);
            boolean applies;
            if (s.hasCondition() && s.trigger()) {
                applies = condOk[i];
            } else {
                applies = score[i] >= params.applyMin() && score[i] >= topPlain - params.applyMargin()
                        && (s.bm25() > 0 || s.dom() >= DOMAIN_EVIDENCE || s.cos() >= NOISE_COS)
                        && (!s.hasCondition() || condOk[i] || score[i] >= topPlain - params.applyMargin() / 2);
            }
            applies |= chained[i];
            if (applies && applied >= params.maxApplied()) applies = false;
            String w = why[i];
            // an instruction the request goes against is overridden even when it would not apply on relevance alone:
            // it would still constrain the catalog ("I'd like a horror film" vs "I never watch slashers")
            if (cues.strong() || cues.desire()) {
                String reason = overrideReason(candidates.get(i).features(), cues);
                if (reason != null) {
                    applies = false;
                    w = w == null ? "overridden: " + reason : w + "; overridden: " + reason;
                    if (overridden != null) overridden.add(new Scored(candidates.get(i).instruction(), round(score[i]), false, w));
                }
            }
            if (applies) applied++;
            out.add(new Scored(candidates.get(i).instruction(), round(score[i]), applies, w));
        }
        return out;
    }

    /**
     * Chains: the action of a triggered conditional ("also look for a hotel nearby") is a request of its own, in
     * a possibly different domain, so the instructions relevant to that action apply too ("Hotels must have a
     * gym"), and so do conditionals whose condition the action meets. Up to {@link #CHAIN_DEPTH} hops; only
     * triggered conditionals seed a hop, so this costs nothing on turns without one.
     */
    private boolean[] chain(List<Candidate> candidates, List<Signals> sig, double[] score, boolean[] condOk,
                            String[] why, boolean explain) {
        int n = candidates.size();
        boolean[] chained = new boolean[n];
        List<Integer> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) if (sig.get(i).hasCondition() && sig.get(i).trigger() && condOk[i]) seeds.add(i);
        boolean[] used = new boolean[n];
        for (int depth = 0; depth < CHAIN_DEPTH && !seeds.isEmpty(); depth++) {
            List<Integer> next = new ArrayList<>();
            for (int i : seeds) {
                used[i] = true;
                InstructionFeatures a = candidates.get(i).features();
                for (int j = 0; j < n; j++) {
                    if (j == i || used[j] || chained[j]) continue;
                    InstructionFeatures f = candidates.get(j).features();
                    double rel;
                    boolean trig = f.condition() != null && f.trigger();
                    if (trig) { // does the action meet this conditional's condition?
                        rel = 0.55 * Math.max(0, TextEmbedder.dot(a.vector(), f.conditionVector()))
                                + 0.25 * overlap(a.terms(), f.conditionTerms())
                                + 0.20 * Lexicon.domainSimilarity(a.domains(), f.conditionDomains());
                        if (rel < params.condMin()) continue;
                    } else { // is this instruction about the action?
                        double dom = Lexicon.domainSimilarity(a.domains(), f.domains());
                        if (dom <= 0) continue;
                        rel = params.wCos() * Math.max(0, TextEmbedder.dot(a.vector(), f.vector()))
                                + params.wLex() * overlap(f.terms(), a.terms()) + params.wDom() * dom
                                + params.wProto() * TextEmbedder.dot(a.domainProto(), f.domainProto());
                        if (rel < CHAIN_MIN) continue;
                    }
                    chained[j] = true;
                    if (trig) {
                        condOk[j] = true;
                        next.add(j);
                    }
                    score[j] = Math.max(score[j], Math.min(score[i], rel) - 1e-3);
                    if (explain) why[j] = why[j] + " chain=" + r2(rel) + " (via '" + candidates.get(i).instruction().text() + "')";
                }
            }
            seeds = next;
        }
        return chained;
    }

    /** Two-decimal rendering without Double.toString (cheap enough for 1,000 candidates per turn). */
    private static String r2(double d) {
        long v = Math.round(d * 100);
        StringBuilder b = new StringBuilder(8);
        if (v < 0) {
            b.append('-');
            v = -v;
        }
        b.append(v / 100).append('.');
        long c = v % 100;
        if (c < 10) b.append('0');
        return b.append(c).toString();
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    // ------------------------------------------------------------------------------------------------------
    // Selection with overrides
    // ------------------------------------------------------------------------------------------------------

    /** Explicit exception language: enough on its own. */
    private static final Pattern STRONG_CUE = Pattern.compile(
            "\\b(?:for once|just once|just this once|make an exception|an exception|ignore my|despite my|"
                    + "regardless of my|forget (?:about )?my|never mind my|even though i|although i|though i usually|"
                    + "i know i (?:said|usually|normally|don't|do not|hate|dislike|avoid|asked|told)|"
                    + "actually i want|instead of my usual|break my|treat myself|(?:i've |i have |i )?changed my mind|change of heart|"
                    + "i've come around|i have come around)\\b", Pattern.CASE_INSENSITIVE);

    /** "This time", "tonight": limits the request to this turn, but is no override without a request of the user's own. */
    private static final Pattern TEMPORAL_CUE = Pattern.compile(
            "\\b(?:this time|(?:just )?for (?:today|tonight|this (?:trip|time|weekend|occasion|evening|once|one|party|event))|"
                    + "today|tonight|this weekend|this evening)\\b", Pattern.CASE_INSENSITIVE);

    /** The user states what they want (rather than asking the assistant to choose for them). */
    private static final Pattern DESIRE = Pattern.compile(
            "\\b(?:i want|i'd like|i would like|i'd love|i would love|give me|show me|i'm in the mood for|"
                    + "i am in the mood for|i feel like (?:having|watching|eating|trying|doing|playing|listening)|"
                    + "i'm craving|i am craving|let's (?:watch|eat|go|do|try|have|play|listen|get|see)|"
                    + "let us (?:watch|eat|go|do|try|have|play|listen|get|see)|i'm going to (?:have|watch|eat|try)|"
                    + "i(?:'ll| will) (?:have|take|go with)|(?:is|are|would be|'d be) (?:fine|ok|okay|alright|all right|welcome))\\b", Pattern.CASE_INSENSITIVE);

    /** Cue words of one request (evaluated once per query, only when something applies). */
    record Cues(boolean strong, boolean temporal, boolean desire, String lower, List<String> core, List<String> words) {
        static Cues of(String text) {
            String t = text == null ? "" : text.replace('\u2019', '\'');
            String lower = t.toLowerCase(Locale.ROOT);
            return new Cues(STRONG_CUE.matcher(t).find(), TEMPORAL_CUE.matcher(t).find(), DESIRE.matcher(t).find(),
                    lower, Concepts.canonicalTerms(t), Lexicon.words(lower));
        }

        /** An explicit one-off: exception language, or the user's own request limited to this time. */
        boolean explicit() {
            return strong || (temporal && desire);
        }
    }

    private static final Pattern NEGATION = Pattern.compile(
            "\\b(?:no|not|without|avoid|avoiding|except|exclude|excluding|skip|other than|anything but|instead of|rather than|"
                    + "free of|don't|doesn't|isn't|aren't|won't|can't|cannot|never|nothing|hate|dislike)\\b", Pattern.CASE_INSENSITIVE);

    public Selection select(String query, List<Candidate> candidates) {
        // nothing to choose from: no embedding (most turns of a user without instructions)
        return candidates.isEmpty() ? Selection.NONE : select(prepare(query), candidates);
    }

    public Selection select(String query, float[] queryVector, List<Candidate> candidates) {
        return select(prepare(query, queryVector), candidates);
    }

    /** The applied set of {@link #rank} (best first) and the instructions the request overrides this time. */
    public Selection select(Query q, List<Candidate> candidates) {
        List<Scored> overridden = new ArrayList<>();
        List<Scored> notHolding = new ArrayList<>();
        List<Scored> ranked = decide(q, candidates, signals(q, candidates), true, overridden, notHolding);
        List<Scored> applied = new ArrayList<>();
        for (Scored s : ranked) if (s.applies()) applied.add(s);
        return new Selection(applied, overridden, notHolding);
    }

    // ------------------------------------------------------------------------------------------------------
    // Conditions the request says do not hold
    // ------------------------------------------------------------------------------------------------------

    /** Words after a mention that say it is absent: "the kids are at grandma's", "my wife is away". */
    private static final Pattern ABSENT_AFTER = Pattern.compile(
            "^(?:\\s+\\w+){0,2}?\\s+(?:(?:is|are|'s|'re)\\s+(?:not (?:here|around|home|with me|coming)|away|out|gone|asleep|"
                    + "sleeping|in bed|at (?:grandma|grandpa|their|his|her|a |school|camp|work)|with (?:their|his|her|my (?:ex|mom|dad|parents)))"
                    + "|went (?:to bed|home|out|away)|(?:have |has )?left)",
            Pattern.CASE_INSENSITIVE);
    /** Being alone rules out a condition about company. */
    private static final Pattern ALONE = Pattern.compile(
            "\\b(?:alone|by myself|on my own|just me|solo|me time)\\b", Pattern.CASE_INSENSITIVE);
    private static final java.util.Set<String> COMPANY = java.util.Set.of("kid", "child", "famil", "family", "son",
            "daughter", "wife", "husband", "partner", "girlfriend", "boyfriend", "friend", "date", "parent", "nephew",
            "niece", "grandkid", "grandchild", "guest", "someone");

    /**
     * Does the request say the instruction's condition does not hold? The condition's own words are mentioned
     * negated ("not a date", "without the kids") or as absent ("the kids are at grandma's"), or the condition
     * is about company and the user says they are alone.
     */
    boolean conditionNegated(Cues cues, InstructionFeatures f) {
        if (f == null || f.condition() == null || f.conditionTerms().isEmpty()) return false;
        List<String> ws = cues.words();
        boolean company = false;
        for (String t : f.conditionTerms()) {
            if (COMPANY.contains(t)) company = true;
            for (int i = 0; i < ws.size(); i++) {
                if (!Lexicon.stem(ws.get(i)).equals(t)) continue;
                String before = String.join(" ", ws.subList(Math.max(0, i - 3), i));
                if (NEGATION.matcher(before).find()) return true;
                String after = " " + String.join(" ", ws.subList(i + 1, Math.min(ws.size(), i + 7)));
                if (ABSENT_AFTER.matcher(after).find()) return true;
            }
        }
        return company && ALONE.matcher(cues.lower()).find();
    }

    /** Does the request explicitly go against this instruction this time? */
    String overrideReason(InstructionFeatures f, Cues cues) {
        if (f == null || f.subjectTerms() == null || f.subjectTerms().isEmpty()) return null;
        String lq = cues.lower();
        List<String> qcore = cues.core();
        // 1) the user asks for the subject the instruction avoids (not negated in the request): "I want a horror
        //    film" vs "No horror movies" (subject terms compared after stemming and synonyms: film ~ movie)
        if (Instruction.AVOID.equals(f.polarity())) {
            String mention = mentionedAll(f.subjectTerms(), qcore);
            boolean specific = f.subjectTerms().stream().anyMatch(t -> !BROAD.contains(t));
            if (mention != null && specific && !negatedNear(lq, mention) && (cues.strong() || cues.desire())) {
                return "request explicitly asks for '" + f.subject() + "' this time";
            }
        }
        // 2) with an explicit one-off cue, the request asks for the opposite of what the instruction prefers
        if (cues.explicit() || (cues.desire() && MOOD.matcher(lq).find())) {
            for (String a : f.subjectTerms()) {
                for (String b : qcore) {
                    if (Concepts.opposite(a, b)) return "request explicitly asks for the opposite of '" + f.subject() + "' this time";
                }
            }
            if (Instruction.PREFER.equals(f.polarity())) {
                String mention = mentioned(f.subjectTerms(), qcore);
                if (mention != null && negatedNear(lq, mention)) {
                    return "request explicitly excludes '" + f.subject() + "' this time";
                }
            }
        }
        return null;
    }

    /** Cravings and moods are about this moment already. */
    private static final Pattern MOOD = Pattern.compile("\\b(?:in the mood for|craving|feel like)\\b");

    /** Category words too broad to signal an override on their own ("games", "sports", "music"). */
    private static final java.util.Set<String> BROAD = java.util.Set.of("game", "sport", "movi", "music", "book", "song",
            "show", "activity", "clothing", "cloth", "restaurant", "hotel", "travel", "app", "device", "pet", "animal",
            "class", "course", "learn", "resourc", "scent", "kitchen", "home", "furnitur", "city", "area", "job");

    /**
     * The first specific subject term when every specific one is mentioned in the request ("slashers" names "slasher
     * movies": the category word need not be repeated), else null.
     */
    private static String mentionedAll(List<String> subjectTerms, List<String> qcore) {
        String first = null;
        for (String t : subjectTerms) {
            if (BROAD.contains(t)) continue;
            if (!qcore.contains(t)) return null;
            if (first == null) first = t;
        }
        return first;
    }

    private static String mentioned(List<String> subjectTerms, List<String> qcore) {
        for (String t : subjectTerms) if (qcore.contains(t)) return t;
        return null;
    }

    /** Is the canonical term (a stem) negated within a few words before its mention in the request? */
    private static boolean negatedNear(String lq, String stem) {
        List<String> ws = Lexicon.words(lq);
        for (int i = 0; i < ws.size(); i++) {
            String c = Concepts.canonicalTerms(ws.get(i)).stream().findFirst().orElse("");
            if (!c.equals(stem)) continue;
            int from = Math.max(0, i - 4);
            String window = String.join(" ", ws.subList(from, i));
            if (NEGATION.matcher(window).find()) return true;
        }
        return false;
    }
}
