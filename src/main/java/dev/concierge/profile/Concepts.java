package dev.concierge.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subject normalization for reconciliation and override detection: core terms of a subject and a small,
 * general table of opposing concepts (vegetarian vs meat, sober vs alcohol, window vs aisle, ...).
 */
public final class Concepts {
    private Concepts() {
    }

    /** Words too generic to identify a subject on their own. */
    private static final Set<String> GENERIC = Set.of("food", "product", "thing", "stuff", "item", "option", "kind",
            "type", "form", "sort", "style", "anything", "everything", "something", "way", "experience", "activity",
            "place", "content", "material", "brand", "service", "now", "again", "anymore", "these", "day", "nowaday",
            "lately", "any", "more", "really", "actually", "just", "diet", "lifestyle", "strict", "dish", "meal");

    /** Groups of interchangeable terms (stemmed by {@link Lexicon#stem}). */
    private static final String[][] SYNONYMS = {
            {"movi", "film", "cinema", "movie", "movy", "flick"},
            {"meat", "steak", "steakhous", "hamburger", "beef", "pork", "chicken", "bacon", "burger", "ham", "lamb", "sausag", "veal", "turkey", "bbq", "barbecu", "carnivor"},
            {"vegetarian", "veggi", "meatles", "vegan", "plant", "pescatarian"},
            {"alcohol", "wine", "beer", "cocktail", "booz", "liquor", "drink", "spirit"},
            {"sober", "teetotal", "teetotaler", "alcohol-fre", "non-drinker"},
            {"gluten", "wheat", "bread", "pasta"},
            {"gluten-fre", "celiac", "coeliac"},
            {"dairy", "milk", "chees", "lactos"},
            {"dairy-fre", "lactose-intolerant"},
            {"scary", "horror", "slasher", "spooky"},
            {"cheap", "budget", "affordabl", "inexpensiv", "low-cost"},
            {"luxury", "luxuriou", "upscal", "high-end", "expensiv", "splurg", "fancy"},
            {"spicy", "spic", "hot"},
            {"animat", "animation", "cartoon", "anime", "pixar"},
    };

    /** Pairs of opposing synonym groups (by first member). */
    private static final String[][] OPPOSITES = {
            {"meat", "vegetarian"}, {"alcohol", "sober"}, {"gluten", "gluten-fre"}, {"dairy", "dairy-fre"},
            {"cheap", "luxury"}, {"window", "aisl"}, {"economy", "business"}, {"quiet", "lively"},
            {"direct", "layover"}, {"indoor", "outdoor"}, {"spicy", "mild"}};

    private static final Map<String, String> CANON = new HashMap<>();

    static {
        for (String[] g : SYNONYMS) for (String t : g) CANON.put(t, g[0]);
        for (String[] o : OPPOSITES) for (String t : o) CANON.putIfAbsent(t, t);
        CANON.put("aisle", "aisl");
        CANON.put("layov", "layover");
        CANON.put("connect", "layover");
        CANON.put("loud", "lively");
        CANON.put("party", "lively");
        CANON.put("nonstop", "direct");
        CANON.put("first", "business");
        CANON.put("mild", "mild");
    }

    /** Stemmed, canonical core terms of a subject phrase. */
    public static List<String> core(String subject) {
        Set<String> out = new LinkedHashSet<>();
        if (subject == null) return new ArrayList<>();
        for (String w : Lexicon.words(subject.replace("-free", "free"))) {
            String s = w.endsWith("free") && w.length() > 4 ? canonFree(w) : Lexicon.stem(w);
            if (Lexicon.STOP.contains(w) || GENERIC.contains(s) || s.length() < 3) continue;
            out.add(CANON.getOrDefault(s, s));
        }
        return new ArrayList<>(out);
    }

    private static String canonFree(String w) {
        String base = Lexicon.stem(w.substring(0, w.length() - 4));
        String key = base + "-fre";
        if (CANON.containsKey(key)) return CANON.get(key);
        return key;
    }

    /** 1 = same subject (one core set contains the other), -1 = opposing concepts, 0 = unrelated. */
    public static int relation(List<String> a, List<String> b) {
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) return 0;
        List<String> small = a.size() <= b.size() ? a : b, big = small == a ? b : a;
        if (big.containsAll(small)) return 1;
        for (String x : a) for (String y : b) if (opposite(x, y)) return -1;
        return 0;
    }

    public static boolean opposite(String x, String y) {
        for (String[] o : OPPOSITES) {
            if ((o[0].equals(x) && o[1].equals(y)) || (o[0].equals(y) && o[1].equals(x))) return true;
        }
        return false;
    }

    /** Canonical stemmed terms of any text (for override detection: does the query mention this concept?). */
    public static List<String> canonicalTerms(String text) {
        return core(text);
    }
}
