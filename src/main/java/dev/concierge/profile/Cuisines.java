package dev.concierge.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request for a cuisine implies about its ingredients: "dishes in Italy" is about pasta, bread and
 * cheese, so a gluten-free or keto instruction applies to it more than a shellfish allergy does, and "street
 * food in Bangkok" is about peanuts and chili. General culinary knowledge, not learned from any benchmark; it
 * only widens the lexical side of a food request (the instruction must still mention the ingredient).
 */
public final class Cuisines {
    private Cuisines() {
    }

    private static final String[][] TABLE = {
            {"italy italian rome roman florence venice milan naples tuscany sicily", "pasta bread wheat gluten pizza cheese dairy carb"},
            {"thailand thai bangkok phuket chiang", "peanut nut spicy chili shrimp fish sauce"},
            {"japan japanese tokyo kyoto osaka", "seafood fish raw sushi soy sodium"},
            {"mexico mexican oaxaca cancun", "spicy chili corn bean"},
            {"india indian delhi mumbai kerala goa", "spicy curry dairy ghee lentil"},
            {"china chinese beijing shanghai sichuan szechuan canton cantonese", "soy pork spicy noodle msg"},
            {"greece greek athens santorini crete", "cheese dairy feta lamb"},
            {"spain spanish barcelona madrid seville tapas", "seafood pork ham"},
            {"france french paris lyon provence", "cheese dairy butter bread pastry wine"},
            {"korea korean seoul busan", "spicy kimchi fermented pork soy"},
            {"vietnam vietnamese hanoi saigon", "fish sauce noodle"},
            {"turkey turkish istanbul", "lamb meat kebab yogurt dairy"},
            {"bali indonesia indonesian", "spicy peanut"},
            {"seattle boston maine", "seafood fish shellfish"},
            {"dessert desserts pastry pastries cake cakes bakery bakeries gelato", "sugar dairy gluten wheat egg nut"},
    };

    private static final Map<String, List<String>> IMPLIED = new HashMap<>();

    static {
        for (String[] row : TABLE) {
            List<String> ingredients = Lexicon.terms(row[1]);
            for (String cue : Lexicon.words(row[0])) {
                IMPLIED.computeIfAbsent(Lexicon.stem(cue), k -> new ArrayList<>()).addAll(ingredients);
            }
        }
    }

    /** Stemmed ingredient terms implied by the cuisines a text names (empty when it names none). */
    public static List<String> impliedTerms(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : Lexicon.words(text)) {
            List<String> implied = IMPLIED.get(Lexicon.stem(w));
            if (implied != null) out.addAll(implied);
        }
        return new ArrayList<>(out);
    }
}
