package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationsTest {
    static final CatalogItem SHINING = new CatalogItem("202190", "The Shining (1980)", 1980, List.of("drama", "horror"), List.of("Jack Nicholson"), List.of("Stanley Kubrick"));
    static final CatalogItem TAKEN = new CatalogItem("144347", "Taken (2008)", 2008, List.of("action", "crime", "thriller"), List.of("Liam Neeson"), List.of("Pierre Morel"));
    static final Map<String, CatalogItem> ITEMS = Map.of(SHINING.id(), SHINING, TAKEN.id(), TAKEN);

    static Scenario scenario(Scenario.Expect e) {
        return new Scenario("s", "t", "plain", "explicit", null, List.of(), List.of(),
            new Scenario.Target(List.of("thriller"), List.of("Liam Neeson"), List.of(), null, null), "hi", e);
    }

    static Expectations.TurnRecord turn(int i, String act, List<String> recs, List<String> applied) {
        return new Expectations.TurnRecord(i, "u", act, "a", null, recs, applied, false, 10);
    }

    @Test
    void allHold() {
        Scenario s = scenario(new Scenario.Expect(true, List.of("horror"), List.of(), "horror", "kids", 6, 3));
        List<Expectations.TurnRecord> turns = List.of(turn(1, "clarify", List.of(), List.of("I avoid horror.")),
            turn(2, "recommend", List.of(TAKEN.id()), List.of("I avoid horror.")));
        assertEquals(List.of(), Expectations.check(s, turns, 2, ITEMS));
    }

    @Test
    void eachExpectationCanFail() {
        Scenario s = scenario(new Scenario.Expect(true, List.of("horror"), List.of("144347"), "horror", "kids", 6, 1));
        List<Expectations.TurnRecord> turns = List.of(turn(1, "recommend", List.of(SHINING.id(), TAKEN.id(), "999"), List.of("With the kids, no gore.")));
        List<String> f = Expectations.check(s, turns, null, ITEMS);
        assertEquals(6, f.size(), f.toString());
        assertTrue(f.get(0).startsWith("mustAskFirst"));
        assertTrue(f.stream().anyMatch(x -> x.contains("The Shining (1980) [202190] is horror")));
        assertTrue(f.stream().anyMatch(x -> x.contains("144347 is in neverItemIds")));
        assertTrue(f.stream().anyMatch(x -> x.startsWith("mustApplyInstructionContaining")));
        assertTrue(f.stream().anyMatch(x -> x.startsWith("mustNotApplyInstructionContaining \"kids\": applied in turn 1")));
        assertTrue(f.stream().anyMatch(x -> x.startsWith("successWithin 1: no success")));
    }

    @Test
    void lateSuccessAndAskingWhenNotExpected() {
        Scenario s = scenario(new Scenario.Expect(false, List.of(), List.of(), null, null, 6, 2));
        List<Expectations.TurnRecord> turns = List.of(turn(1, "clarify", List.of(), List.of()), turn(2, "clarify", List.of(), List.of()),
            turn(3, "recommend", List.of(TAKEN.id()), List.of()));
        assertEquals(List.of("mustAskFirst=false: the first turn asked a question", "successWithin 2: success only at turn 3"),
            Expectations.check(s, turns, 3, ITEMS));
    }

    @Test
    void violationsIgnoreUnknownItemsAndCountPerItem() {
        Scenario.Expect e = new Scenario.Expect(null, List.of("HORROR", "drama"), List.of(), null, null, 6, null);
        List<Expectations.TurnRecord> turns = List.of(turn(1, "recommend", List.of(SHINING.id(), "404"), List.of()),
            turn(2, "recommend", List.of(SHINING.id()), List.of()));
        assertEquals(2, Expectations.violations(e, turns, ITEMS).size(), "once per recommended item, not per genre");
    }

    @Test
    void everyShippedScenarioParsesAndCoversTheMatrix() {
        List<Scenario> all = Scenario.loadDir(Path.of("..", "scenarios").toString(), Set.of());
        assertTrue(all.size() >= 40, "at least 40 scenarios, got " + all.size());
        for (String ph : Scenario.PHENOMENA) {
            assertTrue(all.stream().anyMatch(s -> s.phenomenon().equals(ph)), "phenomenon " + ph);
        }
        for (String f : Scenario.FORMS) {
            assertTrue(all.stream().anyMatch(s -> f.equals(s.prefevalForm())), "form " + f);
        }
        assertTrue(all.stream().filter(s -> "implicit-persona".equals(s.prefevalForm())).allMatch(s -> !s.history().isEmpty()));
        assertEquals(all.size(), all.stream().map(Scenario::id).distinct().count(), "unique ids");
    }

    @Test
    void badScenarioFilesAreDataErrors() throws Exception {
        var bad = Api.JSON.readTree("{\"id\":\"x\",\"phenomenon\":\"weird\",\"opening\":\"hi\",\"target\":{\"genres\":[\"a\"]},\"expect\":{\"maxTurns\":3}}");
        EvalException e = assertThrows(EvalException.class, () -> Scenario.parse(bad, "f.json"));
        assertEquals(EvalException.DATA, e.exitCode());
        var noTurns = Api.JSON.readTree("{\"id\":\"x\",\"phenomenon\":\"none\",\"opening\":\"hi\",\"target\":{\"genres\":[\"a\"]},\"expect\":{}}");
        assertThrows(EvalException.class, () -> Scenario.parse(noTurns, "f.json"));
    }
}
