package dev.concierge.dialogue;

import dev.concierge.catalog.CatalogItem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyTest {

    private final Policy.PolicyConfig cfg = Policy.PolicyConfig.defaults();

    private static Policy.Decision turn(Policy policy, CatalogIndex ix, DialogueState[] s, String text) {
        RequestFrame f = Understanding.parse(text, ix);
        s[0] = StateTracker.apply(s[0], f);
        Policy.Decision d = policy.decide(s[0], f, null, Policy.PolicyConfig.defaults());
        s[0] = StateTracker.afterDecision(s[0], d, null);
        return d;
    }

    /** 40 films, all with the same star and director, 8 genres: only genre splits them. */
    private static CatalogIndex genreWorld() {
        List<CatalogItem> l = new ArrayList<>();
        String[] genres = {"horror", "comedy", "drama", "romance", "western", "war", "musical", "documentary"};
        for (int i = 0; i < 40; i++) {
            l.add(Fixtures.movie("" + (100 + i), "Film Number " + i, 1990 + (i % 3), List.of(genres[i % 8]),
                    List.of("Same Director"), List.of("Same Star"), null, 1));
        }
        return new CatalogIndex(l);
    }

    /** 40 films, one genre, one decade, each with its own star and one shared director: only star splits them. */
    private static CatalogIndex starWorld() {
        List<CatalogItem> l = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            l.add(Fixtures.movie("" + (200 + i), "Other Film " + i, 1995, List.of("drama"), List.of("Same Director"),
                    List.of("Actor Number" + (char) ('A' + i % 26) + (i / 26)), null, 1));
        }
        return new CatalogIndex(l);
    }

    @Test
    void asksTheAttributeThatSplitsTheCandidates() {
        CatalogIndex g = genreWorld();
        Policy.Decision d = new Policy(new Ranker(CooccurrenceModel.empty()), g)
                .decide(DialogueState.empty(), Understanding.parse("Can you recommend a movie?", g), null, cfg);
        assertEquals(Policy.CLARIFY, d.act());
        assertEquals(Policy.GENRE, d.attribute());
        assertFalse(d.options().isEmpty());
        CatalogIndex st = starWorld();
        Policy.Decision d2 = new Policy(new Ranker(CooccurrenceModel.empty()), st)
                .decide(DialogueState.empty(), Understanding.parse("Can you recommend a movie?", st), null, cfg);
        assertEquals(Policy.STAR, d2.attribute());
    }

    @Test
    void neverAsksWhatIsKnownAndRecommendsAfterBudget() {
        var e = Fixtures.bundled();
        Policy policy = e.policy();
        DialogueState[] s = {DialogueState.empty()};
        Policy.Decision d = turn(policy, e.index(), s, "I want a horror movie, can you recommend one?");
        assertEquals(Policy.CLARIFY, d.act());
        assertNotEquals(Policy.GENRE, d.attribute(), "genre was given in the message");
        Set<String> asked = new HashSet<>();
        asked.add(d.attribute());
        int rounds = 1;
        while (Policy.CLARIFY.equals(d.act())) {
            d = turn(policy, e.index(), s, "hmm, not sure");
            rounds++;
            if (Policy.CLARIFY.equals(d.act())) {
                assertTrue(asked.add(d.attribute()), "asked twice: " + d.attribute());
            }
            assertTrue(rounds <= cfg.maxQuestions() + 1, "question budget exceeded");
        }
        assertEquals(Policy.RECOMMEND, d.act());
        assertTrue(s[0].questionsAsked() <= cfg.maxQuestions());
    }

    @Test
    void starAnswerIsUnderstoodAndLeadsToTheFilm() {
        var e = Fixtures.bundled();
        DialogueState[] s = {DialogueState.empty()};
        Policy.Decision d = turn(e.policy(), e.index(), s, "Can you recommend a movie?");
        assertEquals(Policy.STAR, d.attribute(), "stars split a whole catalog best");
        assertEquals(1, s[0].questionsAsked());
        d = turn(e.policy(), e.index(), s, "I like Jack Nicholson, Shelley Duvall, Danny Lloyd.");
        assertEquals(Policy.RECOMMEND, d.act());
        var top = e.ranker().rank(s[0], null, e.index(), 1).get(0);
        assertEquals("The Shining (1980)", top.name());
        assertTrue(top.reason().contains("Jack Nicholson"));
    }

    @Test
    void profileAndConversationAnswersAreKnown() {
        var e = Fixtures.bundled();
        DialogueState s = StateTracker.seed(List.of(Msg.user("I love Tom Hanks movies")), e.index());
        RequestFrame f = Understanding.parse("Can you recommend a movie?", e.index());
        s = StateTracker.apply(s, f);
        Policy.Decision d = e.policy().decide(s, f, null, cfg);
        assertNotEquals(Policy.STAR, d.attribute());
        var c = InstructionConstraints.from(List.of(RankerTest.instr("p1", "I love comedies", "prefer")), e.index());
        d = e.policy().decide(s, f, c, cfg);
        assertNotEquals(Policy.GENRE, d.attribute());
        assertNotEquals(Policy.STAR, d.attribute());
    }

    @Test
    void dontMindGreetingsAndBudget() {
        var e = Fixtures.bundled();
        RequestFrame any = Understanding.parse("Surprise me, anything is fine", e.index());
        assertEquals(Policy.RECOMMEND, e.policy().decide(StateTracker.apply(DialogueState.empty(), any), any, null, cfg).act());
        RequestFrame hi = Understanding.parse("hello!", e.index());
        assertEquals(Policy.ANSWER, e.policy().decide(DialogueState.empty(), hi, null, cfg).act());
        RequestFrame q = Understanding.parse("Who directed The Shining (1980)?", e.index());
        Policy.Decision a = e.policy().decide(DialogueState.empty(), q, null, cfg);
        assertEquals(Policy.ANSWER, a.act());
        assertTrue(a.text().contains("Stanley Kubrick"), a.text());
        DialogueState spent = new DialogueState(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, List.of("star", "director", "era"), null, null, 3, 3, null, null, null);
        RequestFrame rec = Understanding.parse("Can you recommend a movie?", e.index());
        assertEquals(Policy.RECOMMEND, e.policy().decide(spent, rec, null, cfg).act());
    }
}
