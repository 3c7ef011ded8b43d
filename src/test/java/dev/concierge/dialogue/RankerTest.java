package dev.concierge.dialogue;

import dev.concierge.profile.Instruction;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankerTest {

    private final CatalogIndex ix = new CatalogIndex(Fixtures.tiny());
    private final Ranker ranker = new Ranker(CooccurrenceModel.empty());

    private List<String> ids(DialogueState s, InstructionConstraints.Constraints c) {
        return ranker.rank(s, c, ix, 50).stream().map(Ranker.Ranked::itemId).toList();
    }

    private DialogueState say(DialogueState s, String text) {
        return StateTracker.apply(s, Understanding.parse(text, ix));
    }

    static Instruction instr(String id, String text, String polarity) {
        return new Instruction(id, text, Instruction.STATED, "movies", polarity, null, Instruction.ACTIVE, 1, null, null,
                null, null, null);
    }

    @Test
    void oneRowPerFilmAndOnlyCatalogItems() {
        List<String> all = ids(DialogueState.empty(), null);
        assertEquals(6, all.size());
        assertFalse(all.contains("1b"));
        assertTrue(all.stream().allMatch(ix::contains));
    }

    @Test
    void avoidedGenresAndPeopleAreExcluded() {
        DialogueState s = say(DialogueState.empty(), "no horror, and not Tom Hanks");
        List<String> r = ids(s, null);
        assertFalse(r.contains("1"));
        assertFalse(r.contains("2"));
        assertFalse(r.contains("4"));
        assertFalse(r.contains("5"));
        assertEquals(List.of("3", "6"), r.stream().sorted().toList());
    }

    @Test
    void mentionedSeenRejectedNeverReturned() {
        DialogueState s = say(DialogueState.empty(), "I loved The Shining (1980)");
        assertFalse(ids(s, null).contains("1"));
        s = StateTracker.feedback(s, "3", StateTracker.REJECT, ix);
        s = StateTracker.feedback(s, "4", StateTracker.SEEN, ix);
        s = StateTracker.feedback(s, "6", StateTracker.ACCEPT, ix);
        assertEquals(List.of("2", "5"), ids(s, null).stream().sorted().toList());
        // mention of the duplicate row counts as the film
        DialogueState d = StateTracker.assistantSaid(DialogueState.empty(), new RequestFrame("", RequestFrame.OTHER, false,
                false, List.of(), List.of(), List.of(), List.of(), List.of(new RequestFrame.ItemMention("1", "neutral", false)),
                null, null, null, null));
        assertFalse(ids(d, null).contains("1"));
        assertEquals("1", ix.canonical("1b"));
    }

    @Test
    void statedConstraintsRankFirstWithReason() {
        DialogueState s = say(DialogueState.empty(), "I like Jack Nicholson, Shelley Duvall");
        assertEquals("1", ids(s, null).get(0));
        s = say(DialogueState.empty(), "I like horror");
        List<Ranker.Ranked> r = ranker.rank(s, null, ix, 2);
        assertEquals(2, r.size());
        assertTrue(r.stream().allMatch(x -> x.itemId().equals("1") || x.itemId().equals("2")));
        assertTrue(r.get(0).reason().contains("horror"), r.get(0).reason());
        s = say(DialogueState.empty(), "I like Tom Hanks");
        Ranker.Ranked top = ranker.rank(s, null, ix, 1).get(0);
        assertTrue(top.reason().startsWith("Stars Tom Hanks"), top.reason());
    }

    @Test
    void instructionsExcludeBoostAndAreListed() {
        var c = InstructionConstraints.from(List.of(instr("i1", "I can't stand horror", Instruction.AVOID),
                instr("i2", "I love Tom Hanks", Instruction.PREFER), instr("i3", "nothing before 1990", Instruction.AVOID)), ix);
        List<Ranker.Ranked> r = ranker.rank(DialogueState.empty(), c, ix, 50);
        List<String> got = r.stream().map(Ranker.Ranked::itemId).toList();
        assertFalse(got.contains("1"));
        assertFalse(got.contains("2"));
        assertFalse(got.contains("4"), "Big (1988) is before 1990");
        assertEquals("5", got.get(0), "Tom Hanks boosted");
        assertEquals(List.of("i1", "i2", "i3"), r.get(0).appliedInstructionIds());
        assertFalse(r.get(1).appliedInstructionIds().contains("i2"));
        assertTrue(r.get(1).appliedInstructionIds().contains("i1"));
    }

    @Test
    void rankingTheBundledCatalogIsFast() {
        var e = Fixtures.bundled();
        DialogueState s = StateTracker.seed(List.of(Msg.user("I'm looking for a good horror movie like The Babadook (2014)"),
                Msg.assistant("Have you seen It Follows (2014)?"), Msg.user("Yes I loved it")), e.index());
        for (int i = 0; i < 50; i++) {
            e.ranker().rank(s, null, e.index(), 50); // warm-up
        }
        long t = System.nanoTime();
        int n = 100;
        for (int i = 0; i < n; i++) {
            e.ranker().rank(s, null, e.index(), 50);
        }
        double ms = (System.nanoTime() - t) / 1e6 / n;
        System.out.printf("rank over %d films: %.2f ms%n", e.index().size(), ms);
        assertTrue(ms < 100, "rank took " + ms + " ms");
        List<Ranker.Ranked> r = e.ranker().rank(s, null, e.index(), 10);
        assertTrue(r.stream().allMatch(x -> e.index().item(x.itemId()).attribute("genres").contains("horror")), r.toString());
    }

    /**
     * A CPU-pool thread reuses its scoring arrays: a conversation with mentions, liked films and wanted and avoided
     * people fills every one of them, and the next scoring on the thread must see none of it.
     */
    @Test
    void aScoringLeavesNothingBehindForTheThreadsNext() {
        var e = Fixtures.bundled();
        DialogueState busy = StateTracker.seed(List.of(Msg.user("I loved The Shining (1980) and anything with Jack Nicholson"),
                Msg.assistant("Have you seen It Follows (2014)?"), Msg.user("Yes I loved it, but no Tom Hanks please")), e.index());
        assertFalse(busy.mentioned().isEmpty());
        DialogueState plain = StateTracker.apply(DialogueState.empty(), Understanding.parse("something with Meryl Streep", e.index()));
        List<String> before = scored(e.ranker().rank(plain, null, e.index(), 100));
        e.ranker().rank(busy, null, e.index(), 100);
        assertEquals(before, scored(e.ranker().rank(plain, null, e.index(), 100)));
    }

    private static List<String> scored(List<Ranker.Ranked> ranked) {
        return ranked.stream().map(r -> r.itemId() + "=" + r.score()).toList();
    }

    @Test
    void bundledCatalogRanksEachFilmOnce() {
        var e = Fixtures.bundled();
        var recs = e.ranker().rank(DialogueState.empty(), InstructionConstraints.Constraints.none(), e.index(), 500);
        Set<String> seen = new HashSet<>();
        for (var x : recs) {
            var it = e.index().item(x.itemId());
            assertEquals(it.id(), it.canonicalId(), "only canonical rows are listed");
            String key = dev.concierge.catalog.CatalogDuplicates.titleKey(it.title()) + "|" + it.year();
            // two rows of one film would share title key and year
            assertEquals(true, seen.add(key) || it.year() == null, "duplicate film " + it.name());
        }
        // mention of either row is a mention of the film
        String a = e.index().canonical("100043");   // "Back to the Future"
        String b = e.index().canonical("135485");   // "Back to the Future (1985)"
        assertEquals(a, b);
    }

    /**
     * The primitive top-k against a plain full sort with the ranking's tie rule (score desc, popularity desc, id
     * asc as Strings: "10" before "9"), on random scores and popularities drawn from a few values so that most
     * comparisons are ties, with -0.0 and 0.0 as distinct scores and excluded films.
     */
    @Test
    void topKMatchesAFullSortWithTheTieRule() {
        java.util.Random rnd = new java.util.Random(42);
        float[] values = {Float.NEGATIVE_INFINITY, -2.5f, -1f, -0.0f, 0.0f, 0.75f, 1f, 3.5f};
        for (int round = 0; round < 30; round++) {
            int n = 1 + rnd.nextInt(400);
            Set<String> idSet = new java.util.LinkedHashSet<>();
            while (idSet.size() < n) {
                idSet.add(Integer.toString(rnd.nextInt(round % 2 == 0 ? 1000 : 100_000)));
            }
            List<dev.concierge.catalog.CatalogItem> items = new java.util.ArrayList<>();
            for (String id : idSet) {
                items.add(Fixtures.movie(id, "Film " + id, 2000, List.of("drama"), List.of(), List.of(), null, rnd.nextInt(4)));
            }
            CatalogIndex index = new CatalogIndex(items);
            float[] score = new float[index.size()];
            for (int f = 0; f < score.length; f++) {
                score[f] = values[rnd.nextInt(values.length)];
            }
            List<Integer> expected = new java.util.ArrayList<>();
            for (int f = 0; f < score.length; f++) {
                if (score[f] != Float.NEGATIVE_INFINITY) {
                    expected.add(f);
                }
            }
            expected.sort((a, b) -> {
                int cmp = Float.compare(score[b], score[a]);
                if (cmp != 0) {
                    return cmp;
                }
                cmp = Integer.compare(index.popularity[b], index.popularity[a]);
                return cmp != 0 ? cmp : index.filmId[a].compareTo(index.filmId[b]);
            });
            for (int k : new int[]{0, 1, 2, 7, 50, n / 2, n, n + 3}) {
                int[] got = Ranker.topK(score, k, index);
                List<Integer> want = expected.subList(0, Math.min(Math.max(k, 0), expected.size()));
                assertEquals(want, java.util.Arrays.stream(got).boxed().toList(), "n=" + n + " k=" + k);
            }
        }
    }
}
