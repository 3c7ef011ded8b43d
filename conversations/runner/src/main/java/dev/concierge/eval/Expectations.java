package dev.concierge.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The expectation checks of a scenario, over what the runner recorded. Pure (no I/O). */
public final class Expectations {
    private Expectations() {
    }

    /** One assistant turn as the runner saw it. {@code recIds} in the Turn's order. */
    public record TurnRecord(int index, String userText, String act, String text, String clarifyAttribute,
                             List<String> recIds, List<String> appliedTexts, boolean degraded, double latencyMs) {
    }

    /**
     * Recommended items (over all Turns) that break an avoid-expectation: a genre in
     * {@code neverGenres} (by the catalog item's genres) or an id in {@code neverItemIds}.
     * {@code items}: id -> catalog item, no entry or null for an item not in the catalog.
     */
    public static List<String> violations(Scenario.Expect e, List<TurnRecord> turns, Map<String, CatalogItem> items) {
        List<String> out = new ArrayList<>();
        for (TurnRecord t : turns) {
            for (String id : t.recIds()) {
                if (e.neverItemIds().contains(id)) {
                    out.add("turn " + t.index() + ": item " + id + " is in neverItemIds");
                    continue;
                }
                CatalogItem it = items.get(id);
                if (it == null) {
                    continue;
                }
                for (String g : e.neverGenres()) {
                    if (it.genres().stream().anyMatch(x -> x.equalsIgnoreCase(g))) {
                        out.add("turn " + t.index() + ": " + it.name() + " [" + id + "] is " + g);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Every failed expectation, one line each; empty when all hold. {@code successTurn} null = no success. */
    public static List<String> check(Scenario s, List<TurnRecord> turns, Integer successTurn, Map<String, CatalogItem> items) {
        Scenario.Expect e = s.expect();
        List<String> fails = new ArrayList<>();
        if (e.mustAskFirst() != null && !turns.isEmpty()) {
            boolean asked = "clarify".equals(turns.get(0).act());
            if (e.mustAskFirst() && !asked) {
                fails.add("mustAskFirst: the first turn was " + turns.get(0).act() + ", not clarify");
            } else if (!e.mustAskFirst() && asked) {
                fails.add("mustAskFirst=false: the first turn asked a question");
            }
        }
        for (String v : violations(e, turns, items)) {
            fails.add("never: " + v);
        }
        if (e.mustApplyInstructionContaining() != null) {
            String f = e.mustApplyInstructionContaining();
            if (turns.stream().noneMatch(t -> anyContains(t.appliedTexts(), f))) {
                fails.add("mustApplyInstructionContaining \"" + f + "\": no turn applied it");
            }
        }
        if (e.mustNotApplyInstructionContaining() != null) {
            String f = e.mustNotApplyInstructionContaining();
            for (TurnRecord t : turns) {
                if (anyContains(t.appliedTexts(), f)) {
                    fails.add("mustNotApplyInstructionContaining \"" + f + "\": applied in turn " + t.index());
                    break;
                }
            }
        }
        int within = e.successWithin() != null ? e.successWithin() : e.maxTurns();
        if (e.successWithin() != null && (successTurn == null || successTurn > within)) {
            fails.add("successWithin " + within + ": " + (successTurn == null ? "no success in " + turns.size() + " turns" : "success only at turn " + successTurn));
        }
        return fails;
    }

    static boolean anyContains(List<String> texts, String fragment) {
        String f = fragment.toLowerCase(Locale.ROOT);
        return texts.stream().anyMatch(x -> x != null && x.toLowerCase(Locale.ROOT).contains(f));
    }
}
