package dev.concierge.dialogue;

import dev.concierge.dialogue.InstructionConstraints.Constraint;
import dev.concierge.dialogue.InstructionConstraints.Constraints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks catalog films for a conversation state. Hard filters: items already mentioned / seen / accepted /
 * rejected / disliked in the conversation, avoided genres / people / items / year ranges (conversation or
 * standing instructions), the conversation's year range; one row per film (canonical ids only).
 * Score = attribute matches with the stated or answered constraints (people, genres) + instruction boosts +
 * content similarity to the items the user talked about (shared genres and people) + co-occurrence with those
 * items in ReDial dialogues + popularity (how often ReDial recommenders named the film).
 * Thread-safe; a full pass over 6.5k films takes about a tenth of a millisecond (turn-independent terms are
 * precomputed per catalog index, genre terms per distinct genre set, people terms through a people index).
 */
public final class Ranker {

    /** One ranked film. {@code appliedInstructionIds}: instructions this item honours. */
    public record Ranked(String itemId, String name, double score, String reason, List<String> appliedInstructionIds) {
    }

    /** Score weights; {@link #defaults()} are the values measured in the harness (see RedialHarness). */
    public record Weights(double person, double genre, double instruction, double similarity, double cooc,
                          double directed, double popularity, double yearMiss, double likedWeight,
                          double neutralWeight, double suggestedWeight, double coocSmoothing, double yearPrior,
                          double recency) {
        public static Weights defaults() {
            return new Weights(5.0, 2.5, 1.0, 1.0, 1.0, 1.0, 1.2, 1.5, 1.0, 0.8, 0.5, 5.0, 0.0, 0.0);
        }
    }

    /** Weight factor of people named only in seeded history, relative to people named in this conversation. */
    static final double BACKGROUND = 0.6;
    /** Weight factor of genres named only in seeded history (chat openers mention genres loosely). */
    static final double BACKGROUND_GENRE = 0.4;

    private final CooccurrenceModel model;
    private final Weights w;

    public Ranker(CooccurrenceModel model) {
        this(model, Weights.defaults());
    }

    public Ranker(CooccurrenceModel model, Weights weights) {
        this.model = model == null ? CooccurrenceModel.empty() : model;
        this.w = weights == null ? Weights.defaults() : weights;
    }

    public Weights weights() {
        return w;
    }

    /**
     * Scores of every film; {@code Float.NEGATIVE_INFINITY} marks a film that must not be recommended. The array is
     * its thread's {@link Scratch#score}: valid until that thread scores again, which no caller holds one across.
     */
    static final class Scores {
        final float[] score;
        final Profile profile;

        Scores(float[] score, Profile profile) {
            this.score = score;
            this.profile = profile;
        }
    }

    /**
     * A CPU-pool thread's working arrays for one scoring, one slot per film, cleared before each use: they were
     * allocated anew on every scoring (~110 KB of the ~550 KB a turn allocated, session 15's profile), and the young
     * collections that garbage brings pause every thread of the service.
     */
    private static final class Scratch {
        final boolean[] excluded, avoidFilm;
        final float[] wantSum, profSum, co, dco;
        final float[] score; // not cleared: scoring writes every film's slot

        Scratch(int n) {
            excluded = new boolean[n];
            avoidFilm = new boolean[n];
            wantSum = new float[n];
            profSum = new float[n];
            co = new float[n];
            dco = new float[n];
            score = new float[n];
        }

        static Scratch cleared(ThreadLocal<Scratch> of, int n) {
            Scratch s = of.get();
            if (s == null || s.co.length != n) {
                s = new Scratch(n);
                of.set(s);
                return s;
            }
            Arrays.fill(s.excluded, false);
            Arrays.fill(s.avoidFilm, false);
            Arrays.fill(s.wantSum, 0);
            Arrays.fill(s.profSum, 0);
            Arrays.fill(s.co, 0);
            Arrays.fill(s.dco, 0);
            return s;
        }
    }

    private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();

    /** The user's items with weights (positive: liked / mentioned, negative: disliked). */
    record Profile(int[] films, float[] weights) {
    }

    /**
     * The weighted score terms that do not depend on the conversation, per film: the year prior, ReDial popularity
     * (recommended + mentions) and catalog popularity. Computed once per bound model (so per catalog index) instead
     * of two {@code log1p} per film on every turn; each term is exactly what the per-turn code computed.
     */
    private record FilmPriors(CooccurrenceModel.Bound bound, double[] yearPrior, double[] popularity, float[] popCat) {
    }

    private volatile FilmPriors priors;

    private FilmPriors priors(CooccurrenceModel.Bound b) {
        FilmPriors p = priors;
        if (p != null && p.bound() == b) {
            return p;
        }
        CatalogIndex ix = b.index;
        int n = ix.size();
        float logMaxRec = (float) Math.log1p(Math.max(1, b.maxRecommended));
        float logMaxPop = (float) Math.log1p(Math.max(1, ix.maxPopularity));
        double[] year = new double[n];
        double[] pop = new double[n];
        float[] popCat = new float[n];
        for (int f = 0; f < n; f++) {
            year[f] = w.yearPrior() * b.yearPrior[f];
            float rec = (float) (Math.log1p(b.recommended[f] + 0.25 * b.mentions[f]) / logMaxRec);
            pop[f] = w.popularity() * rec;
            popCat[f] = (float) (0.1 * Math.log1p(ix.popularity[f]) / logMaxPop);
        }
        p = new FilmPriors(b, year, pop, popCat);
        priors = p;
        return p;
    }

    // ------------------------------------------------------------------ public API

    public List<Ranked> rank(DialogueState s, Constraints c, CatalogIndex index, int limit) {
        Scores sc = scoreAll(s, c, index);
        int n = index.size();
        int k = Math.max(0, Math.min(limit, n));
        // partial selection of the top k
        int[] top = topK(sc.score, k, index);
        List<Ranked> out = new ArrayList<>(top.length);
        Constraints cons = c == null ? Constraints.none() : c;
        // what the user asked for, resolved to codes once for all the reasons (names normalise per lookup)
        Set<Integer> wantPeople = personSet(index, s.wantedPeople());
        wantPeople.addAll(personSet(index, cons.values(InstructionConstraints.PERSON, InstructionConstraints.PREFER)));
        long wantGenres = genreMask(index, s.wantedGenres())
                | genreMask(index, cons.values(InstructionConstraints.GENRE, InstructionConstraints.PREFER));
        for (int f : top) {
            out.add(new Ranked(index.filmId[f], index.film[f].name(), round(sc.score[f]),
                    reason(f, wantPeople, wantGenres, index, sc), applied(f, cons, index)));
        }
        return out;
    }

    /**
     * Indices of the k best films, best first: score desc, then popularity desc, then id asc. Runs on every turn
     * over the whole catalog (twice: the policy's candidate pool and the reply's candidates), so it selects on
     * primitive keys ({@link #rankKey}) in a bounded min-heap: no boxing, no comparator, no String compares.
     */
    static int[] topK(float[] score, int k, CatalogIndex index) {
        if (k <= 0) {
            return new int[0];
        }
        int n = score.length;
        long[] heap = new long[Math.min(k, n)]; // heap[0]: the worst key kept so far
        int size = 0;
        // most popular first: popularity is part of every score, so the heap fills with strong films early and
        // most later films are turned away by one comparison (the result does not depend on the visiting order)
        for (int r = 0; r < n; r++) {
            int f = index.filmByTieRank[r];
            if (score[f] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            long key = rankKey(score[f], r, n); // r is f's tie rank
            if (size < heap.length) {
                siftUp(heap, size++, key);
            } else if (key > heap[0]) {
                siftDown(heap, size, key);
            }
        }
        long[] best = Arrays.copyOf(heap, size);
        Arrays.sort(best); // ascending: the best film last
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = index.filmByTieRank[n - 1 - (int) best[size - 1 - i]];
        }
        return out;
    }

    /**
     * A key whose natural long order is the ranking order (greater = better): the score's bits made sortable as a
     * signed int (same order as {@link Float#compare}, -0.0 below 0.0) in the high half, and n - 1 - tieRank
     * (so higher popularity, then smaller id, is greater) in the low half. Keys of distinct films never tie.
     */
    static long rankKey(float score, int tieRank, int n) {
        int bits = Float.floatToIntBits(score);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // negative floats: flip magnitude bits to reverse order
        return ((long) sortable << 32) | (n - 1 - tieRank);
    }

    private static void siftUp(long[] heap, int i, long key) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    /** Replaces the root (the smallest key) by {@code key} and restores the heap. */
    private static void siftDown(long[] heap, int size, long key) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (key <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = key;
    }

    private static double round(float x) {
        return Math.round(x * 10000.0) / 10000.0;
    }

    // ------------------------------------------------------------------ scoring

    /**
     * The last scoring of this thread: a turn scores the same (state, constraints, index) twice, once in
     * {@link Policy#decide} and once in {@link #rank}; both run in one task on the CPU pool, so the second call
     * reuses the first (6,583 films scored once instead of twice). Keyed by identity: states and constraints are
     * immutable records made anew for every turn. Scores are never modified after scoring.
     */
    private final ThreadLocal<Object[]> lastScores = new ThreadLocal<>();

    Scores scoreAll(DialogueState s, Constraints c, CatalogIndex ix) {
        Object[] last = lastScores.get();
        if (last != null && last[0] == s && last[1] == c && last[2] == ix) {
            return (Scores) last[3];
        }
        Scores sc = score(s, c, ix);
        lastScores.set(new Object[]{s, c, ix, sc});
        return sc;
    }

    private Scores score(DialogueState s, Constraints c, CatalogIndex ix) {
        Constraints cons = c == null ? Constraints.none() : c;
        int n = ix.size();
        Scratch tmp = Scratch.cleared(scratch, n);
        float[] score = tmp.score; // the result: each film's slot is written below
        CooccurrenceModel.Bound b = model.bind(ix);

        // exclusions
        boolean[] excluded = tmp.excluded;
        for (List<String> l : List.of(s.mentioned(), s.seen(), s.accepted(), s.rejected(), s.disliked())) {
            for (String id : l) {
                int f = ix.filmIndex(id);
                if (f >= 0) {
                    excluded[f] = true;
                }
            }
        }
        for (String id : cons.values(InstructionConstraints.ITEM, InstructionConstraints.AVOID)) {
            int f = ix.filmIndex(id);
            if (f >= 0) {
                excluded[f] = true;
            }
        }
        for (String id : cons.values(InstructionConstraints.ITEM, InstructionConstraints.PREFER)) {
            int f = ix.filmIndex(id);
            if (f >= 0) {
                excluded[f] = true; // the user already knows it
            }
        }
        long avoidGenres = genreMask(ix, s.unwantedGenres()) | genreMask(ix, cons.values(InstructionConstraints.GENRE, InstructionConstraints.AVOID));
        Set<Integer> avoidPeople = personSet(ix, s.unwantedPeople());
        avoidPeople.addAll(personSet(ix, cons.values(InstructionConstraints.PERSON, InstructionConstraints.AVOID)));
        long wantGenres = genreMask(ix, s.wantedGenres());
        long backgroundGenres = genreMask(ix, s.background()) & wantGenres;
        int nWant = Long.bitCount(wantGenres);
        Map<Integer, Float> wantPeople = new HashMap<>(); // few entries
        Set<Integer> background = personSet(ix, s.background());
        for (int p : personSet(ix, s.wantedPeople())) {
            wantPeople.merge(p, (float) (background.contains(p) ? BACKGROUND * w.person() : w.person()), Float::sum);
        }
        for (int p : personSet(ix, cons.values(InstructionConstraints.PERSON, InstructionConstraints.PREFER))) {
            wantPeople.merge(p, (float) w.instruction(), Float::sum);
        }
        long preferGenres = genreMask(ix, cons.values(InstructionConstraints.GENRE, InstructionConstraints.PREFER));
        List<int[]> keepRanges = new ArrayList<>();
        List<int[]> dropRanges = new ArrayList<>();
        // the conversation's era is a soft preference (people mention eras loosely); instructions' ranges are hard
        int[] softRange = s.yearMin() == null && s.yearMax() == null ? null
                : new int[]{s.yearMin() == null ? Integer.MIN_VALUE : s.yearMin(), s.yearMax() == null ? Integer.MAX_VALUE : s.yearMax()};
        for (Constraint k : cons.list()) {
            if (InstructionConstraints.YEAR.equals(k.kind())) {
                int[] r = {k.yearMin() == null ? Integer.MIN_VALUE : k.yearMin(), k.yearMax() == null ? Integer.MAX_VALUE : k.yearMax()};
                (InstructionConstraints.AVOID.equals(k.polarity()) ? dropRanges : keepRanges).add(r);
            }
        }

        // Per-film sums over a film's people (wanted people's weights, profile people's weights) go through the
        // person -> films index: only the few people a turn is about are visited. Visiting them in ascending code
        // order adds to each film in the order of its own (ascending) people, and the people left out add 0, so
        // every sum is the one a loop over all the film's people gives.
        boolean[] avoidFilm = avoidPeople.isEmpty() ? null : tmp.avoidFilm;
        for (int p : avoidPeople) {
            for (int k = ix.personStart[p]; k < ix.personStart[p + 1]; k++) {
                avoidFilm[ix.personFilms[k]] = true;
            }
        }
        float[] wantSum = wantPeople.isEmpty() ? null : tmp.wantSum;
        for (int p : new java.util.TreeSet<>(wantPeople.keySet())) {
            float v = wantPeople.get(p);
            for (int k = ix.personStart[p]; k < ix.personStart[p + 1]; k++) {
                wantSum[ix.personFilms[k]] += v;
            }
        }
        Profile prof = profile(s, ix);
        // profile aggregates: people weights and genre masks
        Map<Integer, Float> profPeople = new java.util.TreeMap<>(); // ascending person codes
        float profTotal = 0;
        for (int i = 0; i < prof.films().length; i++) {
            float pw = prof.weights()[i];
            if (pw <= 0) {
                continue;
            }
            profTotal += pw;
            for (int p : ix.people[prof.films()[i]]) {
                profPeople.merge(p, pw, Float::sum);
            }
        }
        float[] profSum = tmp.profSum;
        profPeople.forEach((p, v) -> {
            for (int k = ix.personStart[p]; k < ix.personStart[p + 1]; k++) {
                profSum[ix.personFilms[k]] += v;
            }
        });
        long[] profMask = new long[prof.films().length];
        for (int i = 0; i < profMask.length; i++) {
            profMask[i] = ix.genreMask[prof.films()[i]];
        }
        // co-occurrence accumulation
        float[] co = tmp.co;
        float[] dco = tmp.dco;
        for (int i = 0; i < prof.films().length; i++) {
            int p = prof.films()[i];
            float pw = Math.abs(prof.weights()[i]);
            float norm = (float) (b.mentions[p] + w.coocSmoothing());
            int[] nb = b.nbr[p];
            float[] cnt = b.nbrCount[p];
            for (int k = 0; k < nb.length; k++) {
                co[nb[k]] += pw * cnt[k] / norm;
            }
            int[] dn = b.dnbr[p];
            float[] dc = b.dCount[p];
            for (int k = 0; k < dn.length; k++) {
                dco[dn[k]] += pw * dc[k] / norm;
            }
        }
        FilmPriors priors = priors(b);
        // most films share nothing with the profile: log1p(0) is 0, so the co-occurrence terms are constants there
        double coocAtZero = w.cooc() * Math.log1p(0);
        double directedAtZero = w.directed() * Math.log1p(0);
        // arrays, not lists: this loop runs for every film, and an iterator per film and list showed in profiles
        int[][] keep = keepRanges.toArray(new int[0][]);
        int[][] dropR = dropRanges.toArray(new int[0][]);
        // the genre terms depend on a film's genre set only: computed per distinct set, each exactly as it was
        // computed per film
        int sets = ix.genreSets.length;
        float[] wantTerm = new float[sets];
        float[] preferTerm = new float[sets];
        float[] genreSim = new float[sets];
        for (int g = 0; g < sets; g++) {
            long gm = ix.genreSets[g];
            if (nWant > 0) {
                long hit = gm & wantGenres;
                wantTerm[g] = (float) (w.genre() * (Long.bitCount(hit & ~backgroundGenres)
                        + BACKGROUND_GENRE * Long.bitCount(hit & backgroundGenres)) / nWant);
            }
            if (preferGenres != 0) {
                preferTerm[g] = (float) (w.instruction() * Long.bitCount(gm & preferGenres) / Long.bitCount(preferGenres));
            }
            if (profTotal > 0) {
                float gs = 0;
                for (int i = 0; i < profMask.length; i++) {
                    float pw = prof.weights()[i];
                    long m = profMask[i];
                    long u = m | gm;
                    if (u != 0) {
                        gs += pw * Long.bitCount(m & gm) / (float) Long.bitCount(u);
                    }
                }
                genreSim[g] = gs;
            }
        }

        for (int f = 0; f < n; f++) {
            if (excluded[f] || (ix.genreMask[f] & avoidGenres) != 0) {
                score[f] = Float.NEGATIVE_INFINITY;
                continue;
            }
            boolean drop = avoidFilm != null && avoidFilm[f];
            float a = wantSum == null ? 0 : wantSum[f];
            int y = ix.year[f];
            for (int[] r : keep) {
                if (y != 0 && (y < r[0] || y > r[1])) {
                    drop = true;
                }
            }
            for (int[] r : dropR) {
                if (y != 0 && y >= r[0] && y <= r[1]) {
                    drop = true;
                }
            }
            if (drop) {
                score[f] = Float.NEGATIVE_INFINITY;
                continue;
            }
            if (nWant > 0) {
                a += wantTerm[ix.genreSet[f]];
            }
            if (preferGenres != 0) {
                a += preferTerm[ix.genreSet[f]];
            }
            if (softRange != null) {
                if (y == 0) {
                    a -= (float) (0.5 * w.yearMiss());
                } else if (y < softRange[0] || y > softRange[1]) {
                    a -= (float) w.yearMiss();
                }
            }
            float sim = 0;
            if (profTotal > 0) {
                float gs = genreSim[ix.genreSet[f]];
                float ps = profSum[f];
                sim = 0.6f * Math.max(0, gs) / profTotal + 0.4f * Math.min(1f, ps / profTotal);
            }
            double cooc = co[f] == 0 ? coocAtZero : w.cooc() * Math.log1p(4 * co[f]);
            double directed = dco[f] == 0 ? directedAtZero : w.directed() * Math.log1p(4 * dco[f]);
            // summed in the same order as ever: floating-point sums must not be regrouped to keep scores identical
            score[f] = a + (float) (priors.yearPrior[f] + w.similarity() * sim + cooc + directed
                    + priors.popularity[f]) + priors.popCat[f];
        }
        return new Scores(score, prof);
    }

    /** Weighted items of the conversation: liked / accepted, neutral user mentions, assistant suggestions, disliked. */
    Profile profile(DialogueState s, CatalogIndex ix) {
        Map<Integer, Float> m = new java.util.LinkedHashMap<>();
        for (String id : s.suggested()) {
            put(m, ix, id, (float) w.suggestedWeight());
        }
        for (String id : s.mentioned()) {
            if (!s.suggested().contains(id)) {
                put(m, ix, id, (float) w.neutralWeight());
            }
        }
        for (String id : s.liked()) {
            put(m, ix, id, (float) w.likedWeight());
        }
        for (String id : s.accepted()) {
            put(m, ix, id, (float) w.likedWeight());
        }
        for (String id : s.disliked()) {
            put(m, ix, id, -0.5f);
        }
        for (String id : s.rejected()) {
            put(m, ix, id, -0.5f);
        }
        int[] films = new int[m.size()];
        float[] ws = new float[m.size()];
        int i = 0;
        // recency: the order of first mention in the conversation (mentioned keeps it); later items weigh more
        List<String> order = s.mentioned();
        for (Map.Entry<Integer, Float> e : m.entrySet()) {
            films[i] = e.getKey();
            float rw = 1f;
            if (w.recency() > 0 && order.size() > 1) {
                int pos = -1;
                for (int k = 0; k < order.size(); k++) {
                    if (ix.filmIndex(order.get(k)) == e.getKey()) {
                        pos = k;
                    }
                }
                if (pos >= 0) {
                    rw = (float) (1 - w.recency() + w.recency() * (pos + 1) / order.size());
                }
            }
            ws[i++] = e.getValue() * rw;
        }
        return new Profile(films, ws);
    }

    private static void put(Map<Integer, Float> m, CatalogIndex ix, String id, float weight) {
        int f = ix.filmIndex(id);
        if (f >= 0) {
            m.put(f, weight);
        }
    }

    static long genreMask(CatalogIndex ix, List<String> genres) {
        long m = 0;
        for (String g : genres) {
            int c = ix.genreCode(g);
            if (c >= 0) {
                m |= 1L << c;
            }
        }
        return m;
    }

    static Set<Integer> personSet(CatalogIndex ix, List<String> people) {
        Set<Integer> out = new HashSet<>();
        for (String p : people) {
            int c = ix.personCode(p);
            if (c >= 0) {
                out.add(c);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ explanations

    private String reason(int f, Set<Integer> wantPeople, long wantGenres, CatalogIndex ix, Scores sc) {
        List<String> parts = new ArrayList<>();
        List<String> starring = new ArrayList<>(), directed = new ArrayList<>(), written = new ArrayList<>();
        for (int p : ix.stars[f]) {
            if (wantPeople.contains(p)) {
                starring.add(ix.personNames.get(p));
            }
        }
        for (int p : ix.directors[f]) {
            if (wantPeople.contains(p)) {
                directed.add(ix.personNames.get(p));
            }
        }
        for (int p : ix.writers[f]) {
            if (wantPeople.contains(p) && !directed.contains(ix.personNames.get(p)) && !starring.contains(ix.personNames.get(p))) {
                written.add(ix.personNames.get(p));
            }
        }
        if (!starring.isEmpty()) {
            parts.add("Stars " + joinAnd(starring));
        }
        if (!directed.isEmpty()) {
            parts.add("Directed by " + joinAnd(directed));
        }
        if (!written.isEmpty()) {
            parts.add("Written by " + joinAnd(written));
        }
        List<String> gs = new ArrayList<>();
        for (int g : ix.genres[f]) {
            if ((wantGenres & (1L << g)) != 0) {
                gs.add(ix.genreNames.get(g));
            }
        }
        String like = closestProfileItem(f, ix, sc.profile);
        String tail = gs.isEmpty() ? "" : String.join(", ", gs);
        if (like != null) {
            tail = tail.isEmpty() ? "Like " + like : tail + ", like " + like;
        }
        if (!tail.isEmpty()) {
            parts.add(tail);
        }
        if (parts.isEmpty()) {
            List<String> g = ix.values(f, CatalogIndex.GENRES);
            String genres = g.isEmpty() ? "" : String.join(", ", g.subList(0, Math.min(2, g.size()))) + "; ";
            return genres + "popular with movie fans";
        }
        return String.join("; ", parts);
    }

    private String closestProfileItem(int f, CatalogIndex ix, Profile prof) {
        CooccurrenceModel.Bound b = model.bind(ix);
        int best = -1;
        double bestScore = 0.15;
        for (int i = 0; i < prof.films().length; i++) {
            if (prof.weights()[i] <= 0) {
                continue;
            }
            int p = prof.films()[i];
            long u = ix.genreMask[p] | ix.genreMask[f];
            double sim = u == 0 ? 0 : 0.6 * Long.bitCount(ix.genreMask[p] & ix.genreMask[f]) / Long.bitCount(u);
            for (int x : ix.people[p]) {
                for (int y : ix.people[f]) {
                    if (x == y) {
                        sim += 0.3;
                    }
                }
            }
            int[] nb = b.nbr[p];
            for (int k = 0; k < nb.length; k++) {
                if (nb[k] == f) {
                    sim += 0.5 * b.nbrCount[p][k] / (b.mentions[p] + 1.0) + 0.2;
                }
            }
            sim *= prof.weights()[i];
            if (sim > bestScore) {
                bestScore = sim;
                best = p;
            }
        }
        return best < 0 ? null : ix.shortTitle(best);
    }

    private static String joinAnd(List<String> l) {
        if (l.size() <= 1) {
            return l.isEmpty() ? "" : l.get(0);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    private static List<String> applied(int f, Constraints cons, CatalogIndex ix) {
        Set<String> ids = new LinkedHashSet<>();
        for (Constraint k : cons.list()) {
            if (k.instructionId() == null) {
                continue;
            }
            boolean honoured = switch (k.kind()) {
                case InstructionConstraints.YEAR -> true; // enforced as a filter
                case InstructionConstraints.ITEM -> true;
                case InstructionConstraints.GENRE -> InstructionConstraints.AVOID.equals(k.polarity())
                        || (ix.genreMask[f] & genreMask(ix, List.of(k.value()))) != 0;
                case InstructionConstraints.PERSON -> {
                    if (InstructionConstraints.AVOID.equals(k.polarity())) {
                        yield true;
                    }
                    int p = ix.personCode(k.value());
                    boolean has = false;
                    for (int x : ix.people[f]) {
                        has |= x == p;
                    }
                    yield has;
                }
                default -> false;
            };
            if (honoured) {
                ids.add(k.instructionId());
            }
        }
        return List.copyOf(ids);
    }
}
