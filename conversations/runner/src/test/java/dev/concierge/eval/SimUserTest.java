package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimUserTest {
    static final Scenario.Target DIE_HARD = new Scenario.Target(List.of("action"), List.of("Bruce Willis"), List.of("John McTiernan"), null, null);
    static final CatalogItem DIE_HARD_ITEM = new CatalogItem("161313", "Die Hard (1988)", 1988, List.of("action", "thriller"),
        List.of("Bruce Willis", "Alan Rickman"), List.of("John McTiernan"));
    static final CatalogItem ELF = new CatalogItem("124142", "Elf (2003)", 2003, List.of("adventure", "comedy", "family"),
        List.of("Will Ferrell"), List.of("Jon Favreau"));
    static final CatalogItem ARMAGEDDON = new CatalogItem("1", "Armageddon (1998)", 1998, List.of("action", "sci-fi"),
        List.of("Bruce Willis"), List.of("Michael Bay"));
    static final CatalogItem LETHAL = new CatalogItem("2", "Some Action (1990)", 1990, List.of("Action"), List.of("Mel Gibson"), List.of("Richard Donner"));

    @Test
    void answersClarificationsFromTheTargetOnly() {
        SimUser u = new SimUser(DIE_HARD, 1, "s");
        assertTrue(u.answerClarification("genre", List.of()).contains("action"));
        assertTrue(u.answerClarification("star", List.of("Will Ferrell", "Bruce Willis")).contains("Bruce Willis"));
        assertFalse(u.answerClarification("star", List.of("Will Ferrell", "Bruce Willis")).contains("Ferrell"));
        assertTrue(u.answerClarification("actor", List.of()).contains("Bruce Willis"));
        assertEquals("Something directed by John McTiernan.", u.answerClarification("director", List.of()));
        assertEquals(SimUser.DONT_MIND, u.answerClarification("mood", List.of("funny", "dark")));
        assertEquals(SimUser.DONT_MIND, u.answerClarification(null, List.of()));
        assertEquals(SimUser.DONT_MIND, u.answerClarification("era", List.of()), "no era in the target");
        for (String a : List.of("genre", "star", "director", "era", "mood")) {
            assertFalse(u.answerClarification(a, List.of()).contains("Die Hard"), "never names the film");
        }
    }

    @Test
    void eraAndMissingAttributes() {
        SimUser u = new SimUser(new Scenario.Target(List.of("comedy"), List.of(), List.of(), 1980, 1989), 1, "s");
        assertEquals("Something from 1980 to 1989.", u.answerClarification("year", List.of()));
        assertEquals(SimUser.DONT_MIND, u.answerClarification("star", List.of("Tom Hanks")));
        assertEquals(SimUser.DONT_MIND, u.answerClarification("director", List.of()));
    }

    @Test
    void deterministicForASeed() {
        Scenario.Target t = new Scenario.Target(List.of("comedy"), List.of("A", "B", "C", "D"), List.of(), null, null);
        for (long seed = 0; seed < 5; seed++) {
            assertEquals(new SimUser(t, seed, "x").answerClarification("star", List.of()),
                new SimUser(t, seed, "x").answerClarification("star", List.of()));
        }
    }

    @Test
    void matchRuleNeedsAllGenresAndOnePerson() {
        SimUser u = new SimUser(DIE_HARD, 1, "s");
        assertTrue(u.matches(DIE_HARD_ITEM));
        assertTrue(u.matches(ARMAGEDDON), "Bruce Willis and action is enough");
        assertTrue(u.matches(new CatalogItem("3", "X", 2000, List.of("ACTION"), List.of(), List.of("john mctiernan"))), "case-insensitive, director");
        assertFalse(u.matches(ELF));
        assertFalse(u.matches(LETHAL), "genre alone is not enough");
        SimUser two = new SimUser(new Scenario.Target(List.of("action", "comedy"), List.of("Bruce Willis"), List.of(), null, null), 1, "s");
        assertFalse(two.matches(ARMAGEDDON), "every target genre must be present");
        SimUser era = new SimUser(new Scenario.Target(List.of("action"), List.of("Bruce Willis"), List.of(), 1980, 1989), 1, "s");
        assertTrue(era.matches(DIE_HARD_ITEM));
        assertFalse(era.matches(ARMAGEDDON), "1998 is outside 1980-1989");
    }

    @Test
    void refusalsGiveTheMissingAttributeNeverATitle() {
        SimUser u = new SimUser(DIE_HARD, 1, "s");
        assertEquals("Not that one, I'd like something action.", u.refusal(ELF));
        assertEquals("Not that one, I'd like something with Bruce Willis.", u.refusal(LETHAL));
        assertThrows(IllegalArgumentException.class, () -> u.refusal(DIE_HARD_ITEM));
        SimUser noStar = new SimUser(new Scenario.Target(List.of("action"), List.of(), List.of("John McTiernan"), null, null), 1, "s");
        assertEquals("Not that one, I'd like something directed by John McTiernan.", noStar.refusal(LETHAL));
        SimUser era = new SimUser(new Scenario.Target(List.of("action"), List.of("Bruce Willis"), List.of(), 1980, 1989), 1, "s");
        assertEquals("Not that one, I'd like something from 1980 to 1989.", era.refusal(ARMAGEDDON));
    }

    @Test
    void nudgesAddOneHintEachTime() {
        SimUser u = new SimUser(DIE_HARD, 1, "s");
        assertEquals("Could you recommend a specific movie? Something action.", u.nudge());
        assertEquals("Could you recommend a specific movie? Something action with Bruce Willis.", u.nudge());
        assertEquals("Could you recommend a specific movie? Something action with Bruce Willis directed by John McTiernan.", u.nudge());
    }
}
