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

    /** One checked expectation: its name (the scenario key), whether it held, and what was seen. */
    public record Check(String name, boolean ok, String detail) {
    }

    /** Every failed expectation, one line each; empty when all hold. {@code successTurn} null = no success. */
    public static List<String> check(Scenario s, List<TurnRecord> turns, Integer successTurn, Map<String, CatalogItem> items) {
        List<String> fails = new ArrayList<>();
        for (Check c : results(s, turns, successTurn, items)) {
            if (!c.ok()) {
                if (c.name().startsWith("never")) {
                    for (String v : violations(s.expect(), turns, items)) {
                        fails.add("never: " + v);
                    }
                } else {
                    fails.add(c.detail());
                }
            }
        }
        return fails;
    }

    /**
     * Every expectation the scenario declares, checked, in the schema's order (for the report): held or
     * failed, with the evidence. {@code check} is the failed subset.
     */
    public static List<Check> results(Scenario s, List<TurnRecord> turns, Integer successTurn, Map<String, CatalogItem> items) {
        Scenario.Expect e = s.expect();
        List<Check> out = new ArrayList<>();
        if (e.mustAskFirst() != null && !turns.isEmpty()) {
            boolean asked = "clarify".equals(turns.get(0).act());
            if (e.mustAskFirst()) {
                out.add(new Check("mustAskFirst", asked, asked ? "mustAskFirst: the first turn asked ("
                    + turns.get(0).clarifyAttribute() + ")" : "mustAskFirst: the first turn was " + turns.get(0).act() + ", not clarify"));
            } else {
                out.add(new Check("mustAskFirst=false", !asked, asked ? "mustAskFirst=false: the first turn asked a question"
                    : "mustAskFirst=false: the first turn was " + turns.get(0).act()));
            }
        }
        if (!e.neverGenres().isEmpty() || !e.neverItemIds().isEmpty()) {
            List<String> v = violations(e, turns, items);
            int recs = turns.stream().mapToInt(t -> t.recIds().size()).sum();
            String what = "never " + (e.neverGenres().isEmpty() ? "" : e.neverGenres()) + (e.neverItemIds().isEmpty() ? "" : " ids " + e.neverItemIds());
            out.add(new Check(e.neverGenres().isEmpty() ? "neverItemIds" : "neverGenres", v.isEmpty(),
                v.isEmpty() ? what + ": none of " + recs + " recommended items" : what + ": " + String.join("; ", v)));
        }
        if (e.mustApplyInstructionContaining() != null) {
            String f = e.mustApplyInstructionContaining();
            TurnRecord hit = turns.stream().filter(t -> anyContains(t.appliedTexts(), f)).findFirst().orElse(null);
            out.add(new Check("mustApplyInstructionContaining", hit != null, hit != null
                ? "mustApplyInstructionContaining \"" + f + "\": applied in turn " + hit.index()
                : "mustApplyInstructionContaining \"" + f + "\": no turn applied it"));
        }
        if (e.mustNotApplyInstructionContaining() != null) {
            String f = e.mustNotApplyInstructionContaining();
            TurnRecord hit = turns.stream().filter(t -> anyContains(t.appliedTexts(), f)).findFirst().orElse(null);
            out.add(new Check("mustNotApplyInstructionContaining", hit == null, hit == null
                ? "mustNotApplyInstructionContaining \"" + f + "\": applied in no turn"
                : "mustNotApplyInstructionContaining \"" + f + "\": applied in turn " + hit.index()));
        }
        if (e.successWithin() != null) {
            int within = e.successWithin();
            boolean ok = successTurn != null && successTurn <= within;
            out.add(new Check("successWithin", ok, "successWithin " + within + ": " + (successTurn == null
                ? "no success in " + turns.size() + " turns" : ok ? "success at turn " + successTurn : "success only at turn " + successTurn)));
        }
        return out;
    }

    static boolean anyContains(List<String> texts, String fragment) {
        String f = fragment.toLowerCase(Locale.ROOT);
        return texts.stream().anyMatch(x -> x != null && x.toLowerCase(Locale.ROOT).contains(f));
    }
}
