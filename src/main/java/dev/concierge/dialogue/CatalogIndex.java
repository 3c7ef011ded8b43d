package dev.concierge.dialogue;

import dev.concierge.catalog.Text;
import dev.concierge.catalog.CatalogItem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * In-memory index over a catalog: one entry ("film") per canonical item, with int-coded genres and people,
 * a title dictionary for mention detection, a person gazetteer (stars, directors, writers), a genre vocabulary
 * with synonyms. Immutable and thread-safe after construction; build once per catalog (about 100 ms for 6.5k items).
 */
public final class CatalogIndex {

    public static final String GENRES = "genres";
    public static final String STARS = "stars";
    public static final String DIRECTORS = "directors";
    public static final String WRITERS = "writers";

    /** A detected span of tokens [start, end) in a text: an item (canonical id), a person (name) or a genre. */
    public record Span(int start, int end, String kind, String value) {
        public static final String ITEM = "item";
        public static final String PERSON = "person";
        public static final String GENRE = "genre";
    }

    private final List<CatalogItem> items;
    private final Map<String, CatalogItem> byId = new HashMap<>();
    private final Map<String, String> canonicalOf = new HashMap<>();
    // films (canonical items)
    final String[] filmId;
    final CatalogItem[] film;
    final int[] year;          // 0 when unknown
    final int[] popularity;    // summed over duplicate rows
    final int[][] genres;
    final int[][] stars;
    final int[][] directors;
    final int[][] writers;
    final int[][] people;      // union of the three roles
    final long[] genreMask;    // bit per genre code (at most 64 genres)
    // films share few genre sets (about 500 among 6,500 films), so the ranker computes genre terms once per set
    final long[] genreSets;    // the distinct genre masks
    final int[] genreSet;      // film -> index into genreSets
    // films of each person, ascending: personFilms[personStart[p] .. personStart[p + 1]); lets the ranker visit
    // only the films of the few people a turn is about instead of every person of every film
    final int[] personStart;
    final int[] personFilms;
    // the ranker's tie order: popularity desc, then id asc; a strict total order (ids are unique), fixed per index,
    // so ranking compares one int per film instead of popularity and id Strings
    final int[] tieRank;       // film -> position in that order
    final int[] filmByTieRank; // position -> film
    private final Map<String, Integer> filmIndex = new HashMap<>();
    // vocabularies
    final List<String> genreNames = new ArrayList<>();
    private final Map<String, Integer> genreId = new HashMap<>();
    final List<String> personNames = new ArrayList<>();
    private final Map<String, Integer> personId = new HashMap<>();
    final int[] starCount;
    final int[] directorCount;
    final int[] writerCount;
    final int maxPopularity;
    // phrase dictionaries (normalised token strings)
    private final Map<String, int[]> titleBare = new HashMap<>();
    private final Map<String, int[]> titleYear = new HashMap<>();
    private final Map<String, Integer> personPhrase = new HashMap<>();
    private final Map<String, List<String>> genrePhrase = new HashMap<>();
    private final int maxPhrase;

    public CatalogIndex(List<CatalogItem> catalog) {
        this.items = List.copyOf(catalog);
        for (CatalogItem it : items) {
            byId.put(it.id(), it);
        }
        for (CatalogItem it : items) {
            String c = it.canonicalId() == null || !byId.containsKey(it.canonicalId()) ? it.id() : it.canonicalId();
            canonicalOf.put(it.id(), c);
        }
        Map<String, Integer> popSum = new HashMap<>();
        for (CatalogItem it : items) {
            popSum.merge(canonicalOf.get(it.id()), it.popularity(), Integer::sum);
        }
        List<CatalogItem> films = new ArrayList<>();
        for (CatalogItem it : items) {
            if (canonicalOf.get(it.id()).equals(it.id())) {
                filmIndex.put(it.id(), films.size());
                films.add(it);
            }
        }
        int n = films.size();
        filmId = new String[n];
        film = films.toArray(new CatalogItem[0]);
        year = new int[n];
        popularity = new int[n];
        genres = new int[n][];
        stars = new int[n][];
        directors = new int[n][];
        writers = new int[n][];
        people = new int[n][];
        genreMask = new long[n];
        // person vocab (role from canonical rows and duplicates alike)
        Map<Integer, int[]> roleCounts = new HashMap<>();
        int maxPop = 0;
        for (int i = 0; i < n; i++) {
            CatalogItem it = films.get(i);
            filmId[i] = it.id();
            year[i] = it.year() == null ? 0 : it.year();
            popularity[i] = popSum.getOrDefault(it.id(), 0);
            maxPop = Math.max(maxPop, popularity[i]);
            genres[i] = codes(it.attribute(GENRES), true, null, -1);
            for (int g : genres[i]) {
                if (g < 64) {
                    genreMask[i] |= 1L << g;
                }
            }
            stars[i] = codes(it.attribute(STARS), false, roleCounts, 0);
            directors[i] = codes(it.attribute(DIRECTORS), false, roleCounts, 1);
            writers[i] = codes(it.attribute(WRITERS), false, roleCounts, 2);
            Set<Integer> all = new java.util.TreeSet<>();
            for (int[] a : new int[][]{stars[i], directors[i], writers[i]}) {
                for (int x : a) {
                    all.add(x);
                }
            }
            people[i] = all.stream().mapToInt(Integer::intValue).toArray();
        }
        maxPopularity = maxPop;
        Map<Long, Integer> sets = new LinkedHashMap<>();
        genreSet = new int[n];
        for (int i = 0; i < n; i++) {
            genreSet[i] = sets.computeIfAbsent(genreMask[i], m -> sets.size());
        }
        genreSets = sets.keySet().stream().mapToLong(Long::longValue).toArray();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> popularity[a] != popularity[b] ? Integer.compare(popularity[b], popularity[a])
                : filmId[a].compareTo(filmId[b]));
        tieRank = new int[n];
        filmByTieRank = new int[n];
        for (int r = 0; r < n; r++) {
            filmByTieRank[r] = order[r];
            tieRank[order[r]] = r;
        }
        personStart = new int[personNames.size() + 1];
        for (int[] ps : people) {
            for (int p : ps) {
                personStart[p + 1]++;
            }
        }
        for (int p = 0; p < personNames.size(); p++) {
            personStart[p + 1] += personStart[p];
        }
        personFilms = new int[personStart[personNames.size()]];
        int[] fill = Arrays.copyOf(personStart, personNames.size());
        for (int f = 0; f < n; f++) {
            for (int p : people[f]) {
                personFilms[fill[p]++] = f;
            }
        }
        starCount = new int[personNames.size()];
        directorCount = new int[personNames.size()];
        writerCount = new int[personNames.size()];
        roleCounts.forEach((p, c) -> {
            starCount[p] = c[0];
            directorCount[p] = c[1];
            writerCount[p] = c[2];
        });
        // titles: every row (duplicates too) maps to its film
        int maxLen = 1;
        Map<String, Set<Integer>> bare = new HashMap<>();
        Map<String, Set<Integer>> withYear = new HashMap<>();
        for (CatalogItem it : items) {
            int f = filmIndex.get(canonicalOf.get(it.id()));
            String title = it.title() == null || it.title().isBlank() ? stripYear(it.name()) : it.title();
            List<String> tt = Text.normTokens(title);
            if (tt.isEmpty()) {
                continue;
            }
            maxLen = Math.max(maxLen, tt.size() + 1);
            String key = String.join(" ", tt);
            bare.computeIfAbsent(key, k -> new HashSet<>()).add(f);
            Integer y = it.year() != null ? it.year() : yearOfName(it.name());
            if (y != null) {
                withYear.computeIfAbsent(key + " " + y, k -> new HashSet<>()).add(f);
            }
        }
        bare.forEach((k, v) -> titleBare.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        withYear.forEach((k, v) -> titleYear.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        // people: full names, plus the surname alone for prolific people whose surname is unique and uncommon
        Map<String, List<Integer>> surnames = new HashMap<>();
        for (int p = 0; p < personNames.size(); p++) {
            List<String> t = Text.normTokens(personNames.get(p));
            if (t.size() == 1 && t.get(0).length() >= 4 && !Lexicon.COMMON.contains(t.get(0))) {
                personPhrase.putIfAbsent(t.get(0), p);
            }
            if (t.size() >= 2) {
                personPhrase.putIfAbsent(String.join(" ", t), p);
                maxLen = Math.max(maxLen, t.size());
                if (starCount[p] + directorCount[p] >= 6) {
                    surnames.computeIfAbsent(t.get(t.size() - 1), k -> new ArrayList<>()).add(p);
                }
            }
        }
        surnames.forEach((s, ps) -> {
            if (ps.size() == 1 && s.length() >= 4 && !Lexicon.COMMON.contains(s) && !personPhrase.containsKey(s)) {
                personPhrase.put(s, ps.get(0));
            }
        });
        for (Map.Entry<String, String> e : Lexicon.GENRE_SYNONYMS.entrySet()) {
            List<String> gs = new ArrayList<>();
            for (String g : e.getValue().split(",")) {
                if (genreId.containsKey(g)) {
                    gs.add(g);
                }
            }
            if (!gs.isEmpty()) {
                genrePhrase.put(e.getKey(), gs);
            }
        }
        for (String g : genreNames) {
            genrePhrase.putIfAbsent(Text.norm(g), List.of(g));
        }
        this.maxPhrase = Math.min(maxLen, 14);
    }

    private int[] codes(List<String> values, boolean genre, Map<Integer, int[]> roleCounts, int role) {
        int[] out = new int[values.size()];
        int k = 0;
        for (String v : values) {
            int id;
            if (genre) {
                String g = v.toLowerCase();
                id = genreId.computeIfAbsent(g, x -> {
                    genreNames.add(x);
                    return genreNames.size() - 1;
                });
            } else {
                String key = Text.norm(v);
                Integer known = personId.get(key);
                if (known == null) {
                    known = personNames.size();
                    personNames.add(v);
                    personId.put(key, known);
                }
                id = known;
                roleCounts.computeIfAbsent(id, x -> new int[3])[role]++;
            }
            boolean dup = false;
            for (int j = 0; j < k; j++) {
                dup |= out[j] == id;
            }
            if (!dup) {
                out[k++] = id;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static String stripYear(String name) {
        return name == null ? "" : name.replaceAll("\\s*\\(\\d{4}\\)\\s*$", "");
    }

    private static Integer yearOfName(String name) {
        if (name != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d{4})\\)\\s*$").matcher(name);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- lookups

    public List<CatalogItem> items() {
        return items;
    }

    public CatalogItem item(String id) {
        return byId.get(id);
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** The canonical id of a row (itself when it has no duplicate); null for an unknown id. */
    public String canonical(String id) {
        return canonicalOf.get(id);
    }

    /** Number of distinct films (canonical rows). */
    public int size() {
        return filmId.length;
    }

    public int filmIndex(String id) {
        String c = canonicalOf.get(id);
        Integer f = c == null ? null : filmIndex.get(c);
        return f == null ? -1 : f;
    }

    public CatalogItem film(int f) {
        return film[f];
    }

    /** Newest year in the catalog (for "recent"). */
    public int newestYear() {
        int m = 0;
        for (int y : year) {
            m = Math.max(m, y);
        }
        return m;
    }

    public List<String> genreVocabulary() {
        return List.copyOf(genreNames);
    }

    public boolean isGenre(String g) {
        return g != null && genreId.containsKey(g.toLowerCase());
    }

    int genreCode(String g) {
        Integer i = g == null ? null : genreId.get(g.toLowerCase());
        return i == null ? -1 : i;
    }

    int personCode(String name) {
        Integer i = name == null ? null : personId.get(Text.norm(name));
        return i == null ? -1 : i;
    }

    /** Canonical spelling of a person known to the catalog, or null. */
    public String person(String name) {
        int p = personCode(name);
        return p < 0 ? null : personNames.get(p);
    }

    public boolean isStar(String person) {
        int p = personCode(person);
        return p >= 0 && starCount[p] > 0;
    }

    public boolean isDirector(String person) {
        int p = personCode(person);
        return p >= 0 && directorCount[p] > 0;
    }

    /** Credited as a star at least as often as as a director (Tom Hanks: a star who also directed). */
    public boolean isMainlyStar(String person) {
        int p = personCode(person);
        return p >= 0 && starCount[p] > 0 && starCount[p] >= directorCount[p];
    }

    /** Credited as a director more often than as a star (Clint Eastwood counts as both only if equal). */
    public boolean isMainlyDirector(String person) {
        int p = personCode(person);
        return p >= 0 && directorCount[p] > 0 && directorCount[p] >= starCount[p];
    }

    public boolean isWriter(String person) {
        int p = personCode(person);
        return p >= 0 && writerCount[p] > 0;
    }

    /** Genres for a word or phrase, through the synonym table ("scary" -&gt; horror); empty when unknown. */
    public List<String> genresFor(String phrase) {
        List<String> g = genrePhrase.get(Text.norm(phrase));
        return g == null ? List.of() : g;
    }

    // ---------------------------------------------------------------- mention detection

    /** Items ("Title (Year)" or a safe bare title), people and genre words in a text, longest match first. */
    public List<Span> scan(String text) {
        return scan(Text.tokens(text));
    }

    public List<Span> scan(List<Text.Token> tokens) {
        List<Span> out = new ArrayList<>();
        int n = tokens.size();
        int i = 0;
        while (i < n) {
            Span best = null;
            for (int len = Math.min(maxPhrase, n - i); len >= 1 && best == null; len--) {
                String key = join(tokens, i, i + len);
                // "Title (Year)"
                if (i + len < n && isYearToken(tokens.get(i + len))) {
                    int[] fs = titleYear.get(key + " " + tokens.get(i + len).norm());
                    if (fs != null) {
                        best = new Span(i, i + len + 1, Span.ITEM, filmId[pickPopular(fs)]);
                        break;
                    }
                }
                Integer p = personPhrase.get(key);
                if (p != null && (len >= 2 || tokens.get(i).capitalized())) {
                    best = new Span(i, i + len, Span.PERSON, personNames.get(p));
                    break;
                }
                List<String> g = genrePhrase.get(key);
                if (g != null) {
                    best = new Span(i, i + len, Span.GENRE, String.join(",", g));
                    break;
                }
                int[] fs = titleBare.get(key);
                if (fs != null && safeBare(tokens, i, i + len)) {
                    best = new Span(i, i + len, Span.ITEM, filmId[pickPopular(fs)]);
                    break;
                }
            }
            if (best != null) {
                out.add(best);
                i = best.end();
            } else {
                i++;
            }
        }
        return out;
    }

    private int pickPopular(int[] fs) {
        int best = fs[0];
        for (int f : fs) {
            if (popularity[f] > popularity[best] || (popularity[f] == popularity[best] && year[f] > year[best])) {
                best = f;
            }
        }
        return best;
    }

    static boolean isYearToken(Text.Token t) {
        String s = t.norm();
        return s.length() == 4 && Character.isDigit(s.charAt(0)) && (s.startsWith("19") || s.startsWith("20") || s.startsWith("18"));
    }

    /**
     * A bare title (no year) counts only when it is unlikely to be ordinary words: titles made only of common
     * words must be written in Title Case (not only at a sentence start for one-word titles); one-word titles of
     * one or two letters never count.
     */
    private boolean safeBare(List<Text.Token> tokens, int from, int to) {
        int len = to - from;
        int uncommon = 0;
        for (int k = from; k < to; k++) {
            if (!Lexicon.COMMON.contains(tokens.get(k).norm())) {
                uncommon++;
            }
        }
        if (len == 1) {
            Text.Token t = tokens.get(from);
            if (t.norm().length() < 3 || Character.isDigit(t.norm().charAt(0))) {
                return false;
            }
            if (uncommon == 1) {
                return t.norm().length() >= 4 && t.capitalized();
            }
            return t.capitalized() && !Lexicon.STOP.contains(t.norm()) && !sentenceStart(tokens, from);
        }
        int content = 0, longUncommon = 0;
        for (int k = from; k < to; k++) {
            String t = tokens.get(k).norm();
            if (!Lexicon.STOP.contains(t)) {
                content++;
                if (!Lexicon.COMMON.contains(t) && t.length() >= 4) {
                    longUncommon++;
                }
            }
        }
        if (uncommon > 0 && (len >= 3 || uncommon == len || (content > 0 && longUncommon == content))) {
            return true; // "the shining", "back to the future": distinctive enough in any case
        }
        // mostly common words: demand Title Case on the content words
        for (int k = from; k < to; k++) {
            Text.Token t = tokens.get(k);
            if (!Lexicon.STOP.contains(t.norm()) && !t.capitalized() && !Character.isDigit(t.norm().charAt(0))) {
                return false;
            }
        }
        return tokens.get(from).capitalized() && (!sentenceStart(tokens, from) || len >= 3);
    }

    private static boolean sentenceStart(List<Text.Token> tokens, int i) {
        return tokens.get(i).sentenceStart();
    }

    private static String join(List<Text.Token> t, int from, int to) {
        if (to - from == 1) {
            return t.get(from).norm();
        }
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < to; k++) {
            if (k > from) {
                sb.append(' ');
            }
            sb.append(t.get(k).norm());
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers for callers

    /** Values of an attribute ("genres", "stars", "directors", "writers") of a film, as display strings. */
    public List<String> values(int f, String attribute) {
        int[] codes = codesOf(f, attribute);
        List<String> out = new ArrayList<>(codes.length);
        List<String> vocab = GENRES.equals(attribute) ? genreNames : personNames;
        for (int c : codes) {
            out.add(vocab.get(c));
        }
        return out;
    }

    int[] codesOf(int f, String attribute) {
        return switch (attribute) {
            case GENRES -> genres[f];
            case STARS -> stars[f];
            case DIRECTORS -> directors[f];
            case WRITERS -> writers[f];
            default -> new int[0];
        };
    }

    /** Display title without the year, for reasons ("like The Babadook"). */
    public String shortTitle(int f) {
        CatalogItem it = film[f];
        return it.title() != null && !it.title().isBlank() ? it.title() : stripYear(it.name());
    }

    static <T> List<T> distinct(Collection<T> in) {
        return new ArrayList<>(new LinkedHashMap<T, Boolean>() {{
            in.forEach(x -> put(x, true));
        }}.keySet());
    }
}
