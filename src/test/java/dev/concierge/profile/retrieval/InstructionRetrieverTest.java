package dev.concierge.profile.retrieval;

import dev.concierge.profile.Instruction;
import dev.concierge.profile.MiniLmEmbedder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NLSI phenomena: none applicable, plain, several, conditional trigger, chain across domains, override. */
class InstructionRetrieverTest {
    static InstructionRetriever r;
    static List<Candidate> profile;

    static final String VEG = "I'm vegetarian.";
    static final String HORROR = "I hate horror movies.";
    static final String CONCERT = "When I book concert tickets, also look for a hotel near the venue.";
    static final String AISLE = "Whenever I fly, I prefer an aisle seat.";
    static final String BUDGET = "Keep hotels under $150 a night.";
    static final String CATS = "I'm allergic to cats.";
    static final String JAZZ = "I love jazz and soul music.";
    static final String HOTEL_GYM = "Hotels must have a gym.";

    @BeforeAll
    static void init() {
        r = new InstructionRetriever(new MiniLmEmbedder());
        profile = new ArrayList<>();
        for (String t : List.of(VEG, HORROR, CONCERT, AISLE, BUDGET, CATS, JAZZ, HOTEL_GYM)) {
            InstructionFeatures f = r.features(t, null, null);
            profile.add(new Candidate(new Instruction(t, t, Instruction.STATED, null, f.polarity(), f.condition(),
                    Instruction.ACTIVE, 1, null, null, null, null, null), f));
        }
    }

    @Test
    void anEmptyProfileCostsNoEmbedding() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        MiniLmEmbedder model = new MiniLmEmbedder();
        InstructionRetriever counting = new InstructionRetriever(text -> {
            calls.incrementAndGet();
            return model.embed(text);
        });
        int atStart = calls.get();
        assertTrue(counting.select("a funny film for tonight", List.of()).applied().isEmpty());
        assertTrue(counting.rank("a funny film for tonight", List.of()).isEmpty());
        assertEquals(atStart, calls.get(), "no query embedding without instructions to score");
        counting.select("a funny film for tonight", profile);
        assertEquals(atStart + 1, calls.get(), "one query embedding when there are instructions");
    }

    static Set<String> applied(String query) {
        Selection s = r.select(query, profile);
        return s.applied().stream().map(x -> x.instruction().text()).collect(Collectors.toSet());
    }

    static String explain(String query) {
        StringBuilder b = new StringBuilder(query).append('\n');
        for (Scored s : r.rank(query, profile)) b.append("  ").append(s.applies() ? "* " : "  ").append(s.score())
                .append(' ').append(s.why()).append(" | ").append(s.instruction().text()).append('\n');
        return b.toString();
    }

    @Test
    void noneApplicable() {
        for (String q : List.of("What is the capital of Australia?", "Fix the grammar in this sentence: he go to school.",
                "How do I reverse a linked list in Java?")) {
            assertTrue(applied(q).isEmpty(), () -> explain(q));
            assertEquals(profile.size(), r.rank(q, profile).size(), "every candidate is ranked");
        }
    }

    @Test
    void plain() {
        String q = "Can you recommend a good movie for tonight?";
        List<Scored> ranked = r.rank(q, profile);
        assertEquals(HORROR, ranked.get(0).instruction().text(), () -> explain(q));
        assertTrue(applied(q).contains(HORROR), () -> explain(q));
        assertFalse(applied(q).contains(AISLE), () -> explain(q));
    }

    @Test
    void severalAtOnce() {
        String q = "Find me a hotel and a nice place for dinner in Lisbon.";
        Set<String> a = applied(q);
        assertTrue(a.contains(BUDGET) && a.contains(VEG), () -> explain(q));
        assertFalse(a.contains(HORROR), () -> explain(q));
    }

    @Test
    void conditionalTrigger() {
        String q = "Book me a flight from Boston to Madrid on Friday.";
        assertTrue(applied(q).contains(AISLE), () -> explain(q));
        String h = "Find me a hotel in Rome for the weekend.";
        assertFalse(applied(h).contains(AISLE), () -> explain(h));
        assertFalse(applied(h).contains(CONCERT), () -> explain(h));
    }

    @Test
    void chainAcrossDomains() {
        String q = "Get me two tickets for the Coldplay concert in London next month.";
        assertTrue(applied(q).contains(CONCERT), () -> explain(q));
        assertFalse(applied(q).contains(AISLE), () -> explain(q));
    }

    @Test
    void explicitOverride() {
        String q = "This time I want a horror film, something really scary.";
        Selection s = r.select(q, profile);
        assertTrue(s.overridden().stream().anyMatch(x -> x.instruction().text().equals(HORROR)), () -> explain(q));
        assertFalse(s.applied().stream().anyMatch(x -> x.instruction().text().equals(HORROR)), () -> explain(q));
        String m = "This time I'd like a steakhouse for dinner.";
        Selection t = r.select(m, profile);
        assertTrue(t.overridden().stream().anyMatch(x -> x.instruction().text().equals(VEG)), () -> explain(m));
        // a request that agrees with the instruction is not an override
        String n = "Recommend a thriller, but no horror please.";
        assertTrue(r.select(n, profile).overridden().isEmpty(), () -> explain(n));
    }

    @Test
    void chainSecondHopAppliesTheActionDomainsInstructions() {
        String q = "Get me tickets for the Taylor Swift concert in Paris.";
        Set<String> a = applied(q);
        assertTrue(a.contains(CONCERT) && a.contains(HOTEL_GYM), () -> explain(q));
        assertFalse(a.contains(AISLE) || a.contains(VEG) || a.contains(HORROR), () -> explain(q));
        // without a triggered conditional there is no hop
        String n = "Recommend a good jazz album for a rainy evening.";
        assertFalse(applied(n).contains(HOTEL_GYM), () -> explain(n));
    }

    @Test
    void overrideIsVisibleInTheRanking() {
        // rank() (the search API) and select() agree: an overridden instruction does not apply this turn
        String q = "This time I want a horror film";
        Scored h = r.rank(q, profile).stream().filter(x -> x.instruction().text().equals(HORROR)).findFirst().orElseThrow();
        assertFalse(h.applies(), () -> explain(q));
        assertTrue(h.why().contains("overridden"), () -> explain(q));
        for (String o : List.of("Let's watch a horror movie tonight.", "Just this once, give me a horror flick.",
                "I'm in the mood for a horror film.")) {
            assertTrue(r.select(o, profile).overridden().stream().anyMatch(x -> x.instruction().text().equals(HORROR)),
                    () -> explain(o));
        }
        // asking the assistant to choose is not an override, even with "tonight"
        String p = "Recommend a scary movie for tonight.";
        assertTrue(applied(p).contains(HORROR), () -> explain(p));
        assertTrue(r.select(p, profile).overridden().isEmpty(), () -> explain(p));
    }

    /** The shared profile plus these instructions. */
    static List<Candidate> profileOf(String... texts) {
        List<Candidate> out = new ArrayList<>(profile);
        for (String t : texts) {
            InstructionFeatures f = r.features(t, null, null);
            out.add(new Candidate(new Instruction(t, t, Instruction.STATED, null, f.polarity(), f.condition(),
                    Instruction.ACTIVE, 1, null, null, null, null, null), f));
        }
        return out;
    }

    static String top(String query, List<Candidate> candidates) {
        return r.rank(query, candidates).get(0).instruction().text();
    }

    static String explain(String query, List<Candidate> candidates) {
        StringBuilder b = new StringBuilder(query).append('\n');
        for (Scored s : r.rank(query, candidates)) b.append("  ").append(s.score()).append(' ').append(s.why())
                .append(" | ").append(s.instruction().text()).append('\n');
        return b.toString();
    }

    static int rankOf(String text, String query, List<Candidate> candidates) {
        List<Scored> ranked = r.rank(query, candidates);
        for (int i = 0; i < ranked.size(); i++) if (ranked.get(i).instruction().text().equals(text)) return i;
        throw new AssertionError(text + " not ranked");
    }

    @Test
    void aCuisineBringsItsIngredients() {
        // Italian dishes are pasta and bread: a keto diet concerns them more than being vegetarian does
        String keto = "I follow a strict ketogenic diet and avoid all high-carb foods, including bread, pasta, and sweets.";
        List<Candidate> p = profileOf(keto);
        String q = "I'm traveling to Italy next month. What are some authentic Italian dishes you'd recommend for me?";
        assertTrue(rankOf(keto, q, p) < rankOf(VEG, q, p), () -> explain(q, p));
        // Thai street food is about peanuts
        String peanut = "I'm allergic to peanuts.";
        List<Candidate> t = profileOf(peanut);
        String s = "I'm going to Thailand next month. What street foods should I definitely try?";
        assertTrue(rankOf(peanut, s, t) < rankOf(VEG, s, t), () -> explain(s, t));
        // a cuisine named outside a food request implies nothing
        String m = "Which museums should I visit in Italy?";
        assertTrue(r.prepare(m).implied().isEmpty(), m);
    }

    @Test
    void aDishRequestIsAboutWhatToEatNotWhere() {
        String venue = "I only dine at restaurants that offer halal options.";
        String diet = "I follow a strict plant-based diet and avoid all animal products, including honey.";
        List<Candidate> p = profileOf(venue, diet);
        String q = "I'm visiting Greece soon. Can you suggest some must-try traditional Greek dishes for me?";
        assertTrue(rankOf(diet, q, p) < rankOf(venue, q, p), () -> explain(q, p));
        // a restaurant request still puts the restaurant preference first
        String v = "Can you recommend a restaurant for dinner in Athens?";
        assertEquals(venue, top(v, p), () -> explain(v, p));
    }

    @Test
    void aConditionTheRequestSaysDoesNotHoldIsNotApplied() {
        String kids = "When I watch with my kids, no horror movies.";
        String date = "When I'm on a date, I want a romantic movie.";
        List<Candidate> p = profileOf(kids, date);
        for (String q : List.of("Kids are at grandma's, I'm alone tonight and want a clever horror movie.",
                "Movie night without the kids for once: something scary?", "I'm watching by myself tonight, any thriller?",
                "The kids went to bed, time for something scary.")) {
            Selection s = r.select(q, p);
            assertFalse(s.applied().stream().anyMatch(x -> x.instruction().text().equals(kids)), () -> explain(q, p));
            assertTrue(s.conditionsNotHolding().stream().anyMatch(x -> x.instruction().text().equals(kids)), () -> explain(q, p));
        }
        String notDate = "It's not a date, just two friends wanting a good movie.";
        assertTrue(r.select(notDate, p).conditionsNotHolding().stream().anyMatch(x -> x.instruction().text().equals(date)),
                () -> explain(notDate, p));
        // the condition met, plainly
        String met = "Movie night with the kids, what do you suggest?";
        Selection s = r.select(met, p);
        assertTrue(s.applied().stream().anyMatch(x -> x.instruction().text().equals(kids)), () -> explain(met, p));
        assertTrue(s.conditionsNotHolding().isEmpty(), () -> explain(met, p));
    }

    @Test
    void overridesWithoutAnExplicitCue() {
        String animated = "I don't like animated movies.";
        String slasher = "I never watch slasher movies.";
        List<Candidate> p = profileOf(animated, slasher);
        String q = "My nephew is visiting, so this time an animated film is fine.";
        assertTrue(r.select(q, p).overridden().stream().anyMatch(x -> x.instruction().text().equals(animated)), () -> explain(q, p));
        String m = "I've changed my mind about slashers, I'd like a 90s one now.";
        assertTrue(r.select(m, p).overridden().stream().anyMatch(x -> x.instruction().text().equals(slasher)), () -> explain(m, p));
        // accepting something else is no override of this one
        String n = "A comedy is fine, but no slashers please.";
        assertTrue(r.select(n, p).overridden().isEmpty(), () -> explain(n, p));
    }

    @Test
    void featuresAreJsonSerializable() throws Exception {
        var om = new com.fasterxml.jackson.databind.ObjectMapper();
        InstructionFeatures f = profile.get(2).features();
        String json = om.writeValueAsString(f);
        InstructionFeatures back = om.readValue(json, InstructionFeatures.class);
        assertEquals(f.condition(), back.condition());
        assertEquals(f.vector().length, back.vector().length);
        assertTrue(back.trigger());
    }
}
