package dev.concierge.dialogue;

import dev.concierge.catalog.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based understanding of one user message against the catalog: genres (with synonyms), people, items,
 * years and decades, negation ("no horror", "not Tom Cruise", "I can't stand horror"), "I don't mind",
 * whether it asks for a recommendation, greetings/thanks and questions about an item. Stateless.
 */
public final class Understanding {

    private Understanding() {
    }

    private static final Set<String> CLAUSE_BREAK = Lexicon.words("but however although though yet whereas");
    private static final Set<String> SUBJECT = Lexicon.words("i im we my our ive id");
    private static final Set<String> REC_TOKENS = Lexicon.words("""
            recommend recomend reccomend reccommend recommned recommendation recommendations recomendation
            reccomendation recommendations suggest suggestion suggestions sugest suggestons ideas idea
            """);
    private static final String[] REC_PHRASES = {"looking for", "in the mood", "want to watch", "wanna watch",
            "want to see", "should i watch", "something like", "similar to", "what else", "another one",
            "more like", "help me find", "give me", "got any", "know any", "know of any", "need a movie",
            "need a good", "good movie", "good movies", "good film", "movie night", "can i watch",
            "can you think", "any good", "looking to watch", "i want a", "i want something", "id like a",
            "id like something", "something to watch", "anything like", "any other", "other movies",
            "something else", "what should", "searching for", "find me", "show me", "need a film", "need a flick",
            "pick something", "pick a movie", "pick a film", "choose something", "what to watch", "for tonight",
            "watch tonight", "to watch tonight", "easy to watch", "something easy", "something light", "something fun",
            "something funny", "something good", "something new", "what can i watch"};
    private static final String[] NO_PREF = {"dont mind", "do not mind", "dont care", "do not care", "doesnt matter",
            "does not matter", "no preference", "surprise me", "up to you", "not picky", "no idea", "dont know",
            "anything is fine", "anything works", "any genre", "whatever", "anything", "either", "open to",
            "all kinds", "everything", "any kind", "no particular"};
    private static final String[] LIKE_CUE_PHRASES = {"big fan", "fan of", "into", "a sucker for"};
    private static final Pattern DECADE = Pattern.compile("^(18|19|20)?(\\d)0s$");
    private static final Pattern YEAR = Pattern.compile("^(18|19|20)\\d\\d$");
    private static final String[] DECADE_WORDS = {"twenties", "thirties", "forties", "fifties", "sixties",
            "seventies", "eighties", "nineties"};

    /** Parses one user message. */
    public static RequestFrame parse(String text, CatalogIndex index) {
        String src = text == null ? "" : text;
        List<Text.Token> tokens = Text.tokens(src);
        int n = tokens.size();
        String[] w = new String[n];
        for (int i = 0; i < n; i++) {
            w[i] = tokens.get(i).norm();
        }
        String joined = " " + String.join(" ", w) + " ";
        int[] clause = clauses(tokens, w);
        boolean[] negAt = negationCues(w);

        List<CatalogIndex.Span> spans = index.scan(tokens);
        Set<String> wantedG = new LinkedHashSet<>(), unwantedG = new LinkedHashSet<>();
        Set<String> wantedP = new LinkedHashSet<>(), unwantedP = new LinkedHashSet<>();
        List<RequestFrame.ItemMention> items = new ArrayList<>();
        Set<String> seenItems = new LinkedHashSet<>();
        for (CatalogIndex.Span s : spans) {
            if (!s.kind().equals(CatalogIndex.Span.ITEM) && mild(s.start(), w)) {
                continue; // "not too scary", "not very romantic": a nuance, not a preference either way
            }
            int cue = negationBefore(s.start(), clause, negAt, w);
            boolean negated = cue >= 0;
            if (!negated && !s.kind().equals(CatalogIndex.Span.ITEM) && dislikedAfter(s.end(), clause, w)) {
                negated = true; // "cartoons bore me", "westerns are boring"
            }
            switch (s.kind()) {
                case CatalogIndex.Span.GENRE -> {
                    for (String g : s.value().split(",")) {
                        (negated ? unwantedG : wantedG).add(g);
                    }
                }
                case CatalogIndex.Span.PERSON -> (negated ? unwantedP : wantedP).add(s.value());
                case CatalogIndex.Span.ITEM -> {
                    if (!seenItems.add(s.value())) {
                        continue;
                    }
                    items.add(new RequestFrame.ItemMention(s.value(), itemSentiment(s, clause, w, negated, cue),
                            saysSeen(s, clause, w)));
                }
                default -> {
                }
            }
        }
        // a genre both wanted and unwanted in one message: the negated reading wins
        wantedG.removeAll(unwantedG);
        wantedP.removeAll(unwantedP);

        Integer[] years = years(w, negAt, clause, index);
        boolean hasPrefContent = !wantedG.isEmpty() || !wantedP.isEmpty()
                || items.stream().anyMatch(m -> !m.sentiment().equals(RequestFrame.DISLIKED))
                || years[0] != null || years[1] != null;
        boolean noPref = false;
        if (!hasPrefContent) {
            for (String p : NO_PREF) {
                if (joined.contains(" " + p + " ") && !joined.contains(" " + p + " but ")
                        && !joined.contains(" " + p + " like ") && !joined.contains(" " + p + " with ")
                        && !joined.contains(" " + p + " except ")) {
                    noPref = true;
                    break;
                }
            }
        }
        boolean asks = false;
        for (String t : w) {
            asks |= REC_TOKENS.contains(t);
        }
        for (String p : REC_PHRASES) {
            asks |= joined.contains(" " + p + " ");
        }
        String qItem = null, qAbout = null;
        String intent;
        boolean question = src.contains("?") || (n > 0 && Lexicon.words("who what when whats whos is did does was").contains(w[0]));
        if (!items.isEmpty() && question && !asks) {
            qAbout = questionAbout(joined);
            if (qAbout != null) {
                qItem = items.get(items.size() - 1).itemId();
            }
        }
        boolean hasContent = hasPrefContent || !unwantedG.isEmpty() || !unwantedP.isEmpty() || !items.isEmpty();
        if (qItem != null) {
            intent = RequestFrame.ITEM_QUESTION;
        } else if (asks) {
            intent = RequestFrame.RECOMMEND;
        } else if (hasContent || noPref) {
            intent = RequestFrame.PREFERENCE;
        } else if (n > 0 && n <= 8 && (anyOf(w, Lexicon.THANKS) || joined.contains(" thank"))) {
            intent = RequestFrame.THANKS;
        } else if (n > 0 && n <= 8 && anyOf(w, Lexicon.GREETING)) {
            intent = RequestFrame.GREETING;
        } else {
            intent = RequestFrame.OTHER;
        }
        return new RequestFrame(src, intent, asks, noPref, List.copyOf(wantedG), List.copyOf(unwantedG),
                List.copyOf(wantedP), List.copyOf(unwantedP), List.copyOf(items), years[0], years[1], qItem, qAbout);
    }

    private static boolean anyOf(String[] w, Set<String> set) {
        for (String t : w) {
            if (set.contains(t)) {
                return true;
            }
        }
        return false;
    }

    private static String questionAbout(String j) {
        if (j.contains(" who directed ") || j.contains(" director ") || j.contains(" directed ")) {
            return "director";
        }
        if (j.contains(" who is in ") || j.contains(" whos in ") || j.contains(" who stars ") || j.contains(" starring ")
                || j.contains(" cast ") || j.contains(" actors ") || j.contains(" who plays ") || j.contains(" stars in ")) {
            return "stars";
        }
        if (j.contains(" when ") || j.contains(" what year ") || j.contains(" how old ") || j.contains(" come out ")
                || j.contains(" came out ")) {
            return "year";
        }
        if (j.contains(" what genre ") || j.contains(" what kind of movie is ") || j.contains(" is it a ")) {
            return "genre";
        }
        if (j.contains(" what is ") && j.contains(" about ") || j.contains(" whats ") && j.contains(" about ")
                || j.contains(" tell me about ") || j.contains(" tell me more ")) {
            return "about";
        }
        return null;
    }

    /** Clause number of every token: a clause ends at . ! ?, before "but"/"however", and where a new subject starts. */
    private static int[] clauses(List<Text.Token> tokens, String[] w) {
        int[] c = new int[w.length];
        int cur = 0;
        int start = 0;
        for (int i = 0; i < w.length; i++) {
            boolean brk = i > 0 && tokens.get(i).sentenceStart();
            if (CLAUSE_BREAK.contains(w[i]) && !(w[i].equals("but") && i > 0
                    && Lexicon.words("anything everything all nothing").contains(w[i - 1]))) {
                brk = true;
            }
            if (SUBJECT.contains(w[i]) && i - start >= 1) {
                brk = true;
            }
            if (brk) {
                cur++;
                start = i;
            }
            c[i] = cur;
        }
        return c;
    }

    private static Integer min(Integer a, int b) {
        return a == null ? b : Math.min(a, b);
    }

    private static boolean mild(int pos, String[] w) {
        for (int k = Math.max(0, pos - 2); k < pos; k++) {
            if (Lexicon.words("too overly very that so").contains(w[k]) && k > 0
                    && Lexicon.words("not no nothing isnt").contains(w[k - 1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean[] negationCues(String[] w) {
        boolean[] neg = new boolean[w.length];
        for (int i = 0; i < w.length; i++) {
            String t = w[i];
            boolean cue = Lexicon.NEGATION.contains(t);
            if (t.equals("but") && i > 0 && Lexicon.words("anything everything all").contains(w[i - 1])) {
                cue = true;
            }
            if (t.equals("stand") && !(i > 0 && Lexicon.words("cant cannot couldnt").contains(w[i - 1]))) {
                cue = false;
            }
            if ((t.equals("sick") || t.equals("tired")) && !(i + 1 < w.length && w[i + 1].equals("of"))) {
                cue = false;
            }
            if (cue) {
                // cancelled: "don't mind", "not sure", "never seen", "no matter", "can't wait", "no problem"
                for (int k = i + 1; k <= Math.min(w.length - 1, i + 2); k++) {
                    if (Lexicon.NEGATION_CANCEL.contains(w[k])) {
                        cue = false;
                    }
                }
                if (i + 1 < w.length && Lexicon.words("problem worries doubt").contains(w[i + 1])) {
                    cue = false;
                }
            }
            neg[i] = cue;
        }
        return neg;
    }

    private static final Set<String> DISLIKED_AFTER = Lexicon.words("bore bores boring bored suck sucks overrated annoy annoys sick");

    /** A dislike said after the genre or person, in the same clause, within four words ("slasher films make me sick"). */
    private static boolean dislikedAfter(int end, int[] clause, String[] w) {
        for (int k = end; k < Math.min(w.length, end + 4); k++) {
            if (clause[k] != clause[Math.max(0, end - 1)]) {
                return false;
            }
            if (DISLIKED_AFTER.contains(w[k])) {
                return true;
            }
        }
        return false;
    }

    /** Index of the negation cue that governs a span starting at {@code pos}, or -1. */
    private static int negationBefore(int pos, int[] clause, boolean[] neg, String[] w) {
        for (int k = pos - 1; k >= 0 && clause[k] == clause[pos]; k--) {
            if (neg[k]) {
                return k;
            }
        }
        return -1;
    }

    private static String itemSentiment(CatalogIndex.Span s, int[] clause, String[] w, boolean negated, int cue) {
        int c = clause[s.start()];
        boolean like = false, dislike = false;
        for (int k = 0; k < w.length; k++) {
            if (clause[k] != c || (k >= s.start() && k < s.end())) {
                continue;
            }
            like |= Lexicon.LIKE.contains(w[k]);
            dislike |= Lexicon.DISLIKE.contains(w[k]);
        }
        if (negated) {
            String cw = w[cue];
            if (Lexicon.DISLIKE.contains(cw) || cw.equals("stand") || cw.equals("sick") || cw.equals("tired") || like) {
                return RequestFrame.DISLIKED; // "I hated X", "I didn't like X", "not a fan of X"
            }
            return RequestFrame.NEUTRAL; // "I haven't seen X", "not X"
        }
        if (dislike && !like) {
            return RequestFrame.DISLIKED;
        }
        if (like) {
            return RequestFrame.LIKED;
        }
        return RequestFrame.NEUTRAL;
    }

    private static boolean saysSeen(CatalogIndex.Span s, int[] clause, String[] w) {
        int c = clause[s.start()];
        for (int k = 0; k < w.length; k++) {
            if (clause[k] == c && (w[k].equals("seen") || w[k].equals("watched") || w[k].equals("saw"))) {
                for (int j = Math.max(0, k - 3); j < k; j++) {
                    if (Lexicon.NEGATION.contains(w[j])) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** [yearMin, yearMax] from decades, "after/before/since YEAR", "old movies", "recent". */
    private static Integer[] years(String[] w, boolean[] neg, int[] clause, CatalogIndex index) {
        Integer min = null, max = null;
        int decadeMin = Integer.MAX_VALUE, decadeMax = Integer.MIN_VALUE; // union of the decades named
        int newest = index.newestYear();
        for (int i = 0; i < w.length; i++) {
            String t = w[i];
            Matcher d = DECADE.matcher(t);
            int decade = -1;
            if (d.matches()) {
                int dd = Integer.parseInt(d.group(2)) * 10;
                if (d.group(1) != null) {
                    decade = Integer.parseInt(d.group(1)) * 100 + dd;
                } else {
                    decade = dd >= 30 ? 1900 + dd : 2000 + dd;
                }
            }
            for (int k = 0; k < DECADE_WORDS.length; k++) {
                if (DECADE_WORDS[k].equals(t)) {
                    decade = 1920 + 10 * k;
                }
            }
            if (t.equals("2000s")) {
                decade = 2000;
            }
            boolean negated = negationBefore(i, clause, neg, w) >= 0;
            if (decade > 0) {
                String prev = i > 0 ? w[i - 1] : "";
                String prev2 = i > 1 ? w[i - 2] : "";
                String next = i + 1 < w.length ? w[i + 1] : "";
                String next2 = i + 2 < w.length ? w[i + 2] : "";
                boolean orEarlier = next.equals("or") && Lexicon.words("earlier older before").contains(next2);
                boolean orLater = next.equals("or") && Lexicon.words("later newer after").contains(next2);
                if (prev.equals("after") || prev.equals("since") || prev2.equals("after") || orLater) {
                    min = min(min, decade + (prev.equals("after") || prev2.equals("after") ? 10 : 0));
                    decadeMax = Integer.MAX_VALUE;
                } else if (prev.equals("before") || prev2.equals("before") || orEarlier) {
                    decadeMax = Math.max(decadeMax, decade + (orEarlier ? 9 : -1));
                    decadeMin = Integer.MIN_VALUE;
                } else if (negated) {
                    // "nothing from the 80s": no range, too weak to exclude a whole decade reliably
                    continue;
                } else {
                    decadeMin = Math.min(decadeMin, decade);
                    decadeMax = Math.max(decadeMax, decade + 9);
                }
                continue;
            }
            if (YEAR.matcher(t).matches() && i > 0) {
                int y = Integer.parseInt(t);
                String prev = w[i - 1];
                String prev2 = i > 1 ? w[i - 2] : "";
                boolean after = prev.equals("after") || prev.equals("since") || (prev.equals("than") && prev2.equals("newer"))
                        || prev.equals("post");
                boolean before = prev.equals("before") || (prev.equals("than") && prev2.equals("older")) || prev.equals("pre")
                        || (prev.equals("to") && prev2.equals("prior"));
                if (negated && (after || before)) {
                    boolean t2 = after;
                    after = before;
                    before = t2;
                    // "nothing before 1990" -> from 1990 on
                    if (after) {
                        min = y;
                    } else {
                        max = y;
                    }
                    continue;
                }
                if (after) {
                    min = prev.equals("since") ? y : y + 1;
                } else if (before) {
                    max = y - 1;
                } else if ((prev.equals("from") || prev.equals("in")) && i + 1 < w.length && !w[i + 1].equals("s")) {
                    // "from 1995" only when not followed by more title text; weak: one year either side
                    if (i - 2 >= 0 && Lexicon.words("movie movies film films something one released made out").contains(w[i - 2])) {
                        min = y - 1;
                        max = y + 1;
                    }
                }
                continue;
            }
            if ((t.equals("old") || t.equals("older")) && i + 1 < w.length
                    && Lexicon.words("movie movies film films ones one stuff classics school classic").contains(w[i + 1])
                    && !negated) {
                max = 1989;
            }
            if ((t.equals("oldies") || t.equals("classics") || t.equals("vintage")) && !negated) {
                max = 1989;
            }
            if ((t.equals("newer") || t.equals("modern")) && !negated && newest > 0) {
                min = newest - 10; // relative ("newer than that"): a mild cut
            }
            if ((t.equals("recent") || t.equals("latest")
                    || (t.equals("new") && i + 1 < w.length && Lexicon.words("movie movies film films ones release releases stuff").contains(w[i + 1])))
                    && !negated && newest > 0) {
                min = newest - 4;
            }
        }
        if (decadeMin != Integer.MAX_VALUE || decadeMax != Integer.MIN_VALUE) {
            if (decadeMin != Integer.MAX_VALUE && decadeMin != Integer.MIN_VALUE) {
                min = min(min, decadeMin);
            } else if (decadeMin == Integer.MIN_VALUE) {
                min = null;
            }
            if (decadeMax != Integer.MIN_VALUE && decadeMax != Integer.MAX_VALUE) {
                max = max == null ? decadeMax : Math.max(max, decadeMax);
            } else if (decadeMax == Integer.MAX_VALUE) {
                max = null;
            }
        }
        if (min != null && max != null && min > max) {
            int tmp = min;
            min = max;
            max = tmp;
        }
        return new Integer[]{min, max};
    }
}
