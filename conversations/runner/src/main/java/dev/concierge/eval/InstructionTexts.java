package dev.concierge.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Varied, realistic standing-instruction texts for the latency profile, generated from templates
 * ("I avoid {x}", "I love {y}", ...). Deterministic: the same n gives the same list, all distinct.
 */
public final class InstructionTexts {
    private InstructionTexts() {
    }

    private static final String[] TEMPLATES = {
        "I avoid %s.",
        "I love %s.",
        "Please never suggest %s.",
        "I prefer %s whenever possible.",
        "I'm not a fan of %s.",
        "Always consider %s for me.",
        "I'd rather skip %s.",
        "Recommend %s when you can.",
    };
    private static final String[] THINGS = {
        "horror movies", "romantic comedies", "documentaries about nature", "films longer than three hours",
        "subtitled foreign films", "animated features", "movies with Tom Hanks", "Christopher Nolan films",
        "black-and-white classics", "superhero franchises", "spicy food", "seafood restaurants",
        "gluten", "dairy products", "vegan options", "steakhouses", "loud bars", "rooftop terraces",
        "early morning flights", "overnight trains", "window seats", "budget airlines",
        "hostels", "boutique hotels", "all-inclusive resorts", "guided tours", "museums",
        "hiking trails", "beach holidays", "ski trips", "jazz concerts", "heavy metal",
        "podcasts about history", "fantasy novels", "true crime books", "board games",
        "open-world video games", "team sports", "yoga classes", "standing desks",
        "open-plan offices", "remote work", "Apple products", "Android phones", "mechanical keyboards",
        "fast fashion", "vintage clothing", "wool sweaters", "minimalist furniture", "scented candles",
    };
    private static final String[] CONDITIONS = {
        "", " when travelling with kids", " on weekdays", " when I'm on a budget", " for date nights",
    };

    /** The first n texts of a fixed shuffle of every template x thing x condition combination. */
    public static List<String> generate(int n) {
        List<String> all = new ArrayList<>();
        for (String c : CONDITIONS) {
            for (String t : TEMPLATES) {
                for (String x : THINGS) {
                    String base = String.format(t, x);
                    all.add(c.isEmpty() ? base : base.substring(0, base.length() - 1) + c + ".");
                }
            }
        }
        if (n > all.size()) {
            throw new IllegalArgumentException("at most " + all.size() + " distinct texts, asked " + n);
        }
        Collections.shuffle(all, new Random(11));
        return new ArrayList<>(all.subList(0, n));
    }

    /** Search queries used against the profile, cycled. */
    public static final List<String> QUERIES = List.of(
        "Can you recommend a movie for tonight?",
        "Where should we eat in Rome?",
        "Plan a weekend trip to the mountains",
        "What should I read next?",
        "Suggest a laptop for work",
        "Any ideas for a date night?",
        "Book me a flight to Lisbon",
        "What should I wear to a wedding?");
}
