package dev.concierge.dialogue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnderstandingTest {

    private final CatalogIndex ix = Fixtures.bundled().index();

    private RequestFrame p(String s) {
        return Understanding.parse(s, ix);
    }

    @Test
    void answersListingStarsAndGenres() {
        RequestFrame f = p("I like Jack Nicholson, Shelley Duvall, Danny Lloyd.");
        assertEquals(List.of("Jack Nicholson", "Shelley Duvall", "Danny Lloyd"), f.wantedPeople());
        assertTrue(f.items().isEmpty());
        assertEquals(List.of("horror", "thriller"), p("I like horror, thriller.").wantedGenres());
        assertEquals(List.of("Stanley Kubrick"), p("I like Stanley Kubrick.").wantedPeople());
    }

    @Test
    void aDislikeSaidAfterTheGenreNegatesIt() {
        RequestFrame f = p("Cartoons bore me, I want something funny");
        assertEquals(List.of("animation"), f.unwantedGenres());
        assertTrue(f.wantedGenres().contains("comedy"), f.wantedGenres().toString());
        assertEquals(List.of("western"), p("westerns are boring").unwantedGenres());
        assertEquals(List.of("horror"), p("I took Taken, slasher films make me sick.").unwantedGenres());
    }

    @Test
    void everydayWaysOfAskingAreRequests() {
        assertTrue(p("I need a film for tonight.").asksRecommendation());
        assertTrue(p("I'm exhausted after work, something easy to watch?").asksRecommendation());
        assertTrue(p("Friends are coming over tonight, pick something.").asksRecommendation());
        assertTrue(!p("I watched it last night.").asksRecommendation());
    }

    @Test
    void negations() {
        assertEquals(List.of("horror"), p("no horror please").unwantedGenres());
        assertTrue(p("no horror please").wantedGenres().isEmpty());
        assertEquals(List.of("horror"), p("I can't stand horror").unwantedGenres());
        assertEquals(List.of("Tom Cruise"), p("something with action but not Tom Cruise").unwantedPeople());
        assertEquals(List.of("action"), p("something with action but not Tom Cruise").wantedGenres());
        RequestFrame f = p("I like comedies, not horror");
        assertEquals(List.of("comedy"), f.wantedGenres());
        assertEquals(List.of("horror"), f.unwantedGenres());
        RequestFrame g = p("I don't like horror movies. I love comedies.");
        assertEquals(List.of("horror"), g.unwantedGenres());
        assertEquals(List.of("comedy"), g.wantedGenres());
        assertEquals(List.of("horror"), p("I don't mind horror").wantedGenres(), "don't mind is not a negation");
        assertTrue(p("a thriller but not too scary").unwantedGenres().isEmpty(), "'not too scary' is a nuance");
    }

    @Test
    void synonyms() {
        assertEquals(List.of("horror"), p("something scary").wantedGenres());
        assertEquals(List.of("comedy"), p("something funny").wantedGenres());
        assertEquals(List.of("sci-fi"), p("I love sci fi").wantedGenres());
        assertEquals(List.of("sci-fi"), p("science fiction please").wantedGenres());
        assertEquals(List.of("animation"), p("an animated movie").wantedGenres());
        assertEquals(List.of("animation"), p("cartoons").wantedGenres());
        assertEquals(List.of("family"), p("for my kids").wantedGenres());
        assertEquals(List.of("romance"), p("something romantic").wantedGenres());
        assertEquals(List.of("comedy", "romance"), p("a romantic comedy").wantedGenres());
    }

    @Test
    void yearsAndDecades() {
        RequestFrame f = p("something from the 90s");
        assertEquals(1990, f.yearMin());
        assertEquals(1999, f.yearMax());
        assertEquals(2011, p("anything after 2010").yearMin());
        RequestFrame n = p("nothing before 1990");
        assertEquals(1990, n.yearMin());
        assertEquals(null, n.yearMax());
        assertEquals(1989, p("I like old movies").yearMax());
        assertNotNull(p("something recent").yearMin());
        assertEquals(null, p("I loved The Shining (1980)").yearMin(), "a title's year is not a constraint");
    }

    @Test
    void itemsWithSentiment() {
        RequestFrame f = p("I loved The Shining (1980)");
        assertEquals(1, f.items().size());
        assertEquals("The Shining (1980)", ix.item(f.items().get(0).itemId()).name());
        assertEquals(RequestFrame.LIKED, f.items().get(0).sentiment());
        assertEquals(RequestFrame.DISLIKED, p("I hated Titanic (1997)").items().get(0).sentiment());
        assertEquals(RequestFrame.NEUTRAL, p("I haven't seen Titanic (1997)").items().get(0).sentiment());
        assertFalse(p("I haven't seen Titanic (1997)").items().get(0).seen());
        assertTrue(p("I have seen Titanic (1997)").items().get(0).seen());
        assertEquals(1, p("have you seen the shining?").items().size(), "multi-word bare title, lower case");
    }

    @Test
    void noFalseHitsOnCommonWords() {
        assertTrue(p("I watched it with my mother at home, it was up to her").items().isEmpty());
        assertTrue(p("looking for a good murder mystery with a newer release date").items().isEmpty());
    }

    @Test
    void intents() {
        assertTrue(p("Can you recommend a movie?").asksRecommendation());
        assertEquals(RequestFrame.RECOMMEND, p("Can you recommend a movie?").intent());
        assertTrue(p("I don't mind.").noPreference());
        assertTrue(p("Anything is fine").noPreference());
        assertFalse(p("anything but horror").noPreference());
        assertEquals(List.of("horror"), p("anything but horror").unwantedGenres());
        assertEquals(RequestFrame.GREETING, p("hi there").intent());
        assertEquals(RequestFrame.THANKS, p("thanks a lot!").intent());
        RequestFrame q = p("Who directed The Shining (1980)?");
        assertEquals(RequestFrame.ITEM_QUESTION, q.intent());
        assertEquals("director", q.questionAbout());
    }
}
