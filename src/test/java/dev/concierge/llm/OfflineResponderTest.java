package dev.concierge.llm;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline responder: deterministic text per act, picks only from the candidates, the port's stream shape. */
class OfflineResponderTest {

    private final OfflineResponder offline = new OfflineResponder();

    static final CandidateItem SHINING = new CandidateItem("m1", "The Shining", 1980, List.of("Horror", "Drama"),
            List.of("Jack Nicholson", "Shelley Duvall", "Danny Lloyd"), null);
    static final CandidateItem ALIEN = new CandidateItem("m2", "Alien", 1979, List.of("Sci-Fi"),
            List.of("Sigourney Weaver"), "Because you liked Aliens");
    static final CandidateItem HEAT = new CandidateItem("m3", "Heat", 1995, List.of(), List.of(), null);
    static final CandidateItem UP = new CandidateItem("m4", "Up", null, List.of("Animation"), List.of(), null);

    static ReplyRequest recommend(int maxPicks, List<AppliedInstruction> applied) {
        return new ReplyRequest("something tense", List.of(), "recommend", null, List.of(SHINING, ALIEN, HEAT, UP),
                maxPicks, applied, List.of());
    }

    @Test
    void recommendNamesTopCandidatesWithTheirFactsAndHonouredInstructions() {
        Reply r = offline.reply(recommend(3, List.of(new AppliedInstruction("i1", "No romance.", "avoid"))));
        assertEquals("recommend", r.act());
        assertEquals("Here are 3 picks for you: The Shining (1980) — with Jack Nicholson, Shelley Duvall; horror, drama. "
                + "Alien (1979) — with Sigourney Weaver; sci-fi; Because you liked Aliens. Heat (1995). "
                + "Keeping in mind: No romance.", r.text());
        assertEquals(List.of("m1", "m2", "m3"), r.picks().stream().map(Pick::itemId).toList());
        assertEquals("Because you liked Aliens", r.picks().get(1).reason());
        assertEquals("With Jack Nicholson, Shelley Duvall; horror, drama", r.picks().get(0).reason());
        assertTrue(r.degraded());
        assertEquals(0, r.inputTokens());
    }

    @Test
    void eachFactIsSaidOnce() {
        // catalog names may carry the year already, and the engine's reason may name the people and genres
        CandidateItem elf = new CandidateItem("m5", "Elf (2003)", 2003, List.of("Adventure", "Comedy"),
                List.of("Jon Favreau", "Will Ferrell"), "Stars Will Ferrell; Directed by Jon Favreau; comedy");
        Reply r = offline.reply(new ReplyRequest("a comedy", List.of(), "recommend", null, List.of(elf), 1, List.of(), List.of()));
        assertEquals("Here is a pick for you: Elf (2003) — adventure; Stars Will Ferrell; Directed by Jon Favreau; comedy.", r.text());
    }

    @Test
    void recommendIsDeterministicAndCappedAtMaxPicks() {
        Reply a = offline.reply(recommend(1, List.of()));
        Reply b = offline.reply(recommend(1, List.of()));
        assertEquals(a, b);
        assertEquals(1, a.picks().size());
        assertTrue(a.text().startsWith("Here is a pick for you: The Shining (1980)"));
        // maxPicks 0 means the default (3)
        assertEquals(3, offline.reply(recommend(0, List.of())).picks().size());
    }

    @Test
    void recommendWithoutCandidatesPicksNothingAndAsksForMore() {
        Reply r = offline.reply(new ReplyRequest("x", List.of(), "recommend", null, List.of(), 3, List.of(), List.of()));
        assertEquals("recommend", r.act());
        assertTrue(r.picks().isEmpty());
        assertTrue(r.text().startsWith("I could not find anything in the catalog"));
    }

    @Test
    void picksComeOnlyFromCandidates() {
        Reply r = offline.reply(recommend(10, List.of()));
        List<String> ids = List.of(SHINING, ALIEN, HEAT, UP).stream().map(CandidateItem::itemId).toList();
        assertEquals(ids, r.picks().stream().map(Pick::itemId).toList());
    }

    @Test
    void clarifyAsksThePlannedQuestionWithOptionsInline() {
        Reply r = offline.reply(new ReplyRequest("a movie", List.of(), "clarify",
                new ClarifyPlan("genre", "What genre are you in the mood for?", List.of("comedy", "horror", "drama")),
                List.of(SHINING), 3, List.of(), List.of()));
        assertEquals("clarify", r.act());
        assertEquals("What genre are you in the mood for? For example: comedy, horror or drama.", r.text());
        assertTrue(r.picks().isEmpty());
    }

    @Test
    void clarifyWithoutPlanStillAsks() {
        Reply r = offline.reply(new ReplyRequest("hm", List.of(), "clarify", null, List.of(), 3, List.of(), List.of()));
        assertTrue(r.text().startsWith("Could you tell me a bit more"));
    }

    @Test
    void answerGreetsThanksAndHelps() {
        assertTrue(answer("Hi there").startsWith("Hello!"));
        assertTrue(answer("thanks a lot").startsWith("You are welcome!"));
        assertTrue(answer("ok bye").startsWith("Goodbye"));
        assertTrue(answer("what can you do?").startsWith("I can suggest things from the catalog."));
        assertEquals(answer("what can you do?"), answer("what can you do?"));
    }

    private String answer(String text) {
        Reply r = offline.reply(new ReplyRequest(text, List.of(), "answer", null, List.of(), 3, List.of(), List.of()));
        assertEquals("answer", r.act());
        return r.text();
    }

    @Test
    void streamsSeveralTokensThenOneFinalWhoseTextIsTheirConcatenation() {
        List<ReplyEvent> events = offline.respond(recommend(3, List.of())).collect().asList().await().indefinitely();
        assertTrue(events.size() > 3, "several tokens expected");
        ReplyEvent.Final fin = assertInstanceOf(ReplyEvent.Final.class, events.get(events.size() - 1));
        String tokens = events.subList(0, events.size() - 1).stream()
                .map(e -> assertInstanceOf(ReplyEvent.Token.class, e).text()).collect(Collectors.joining());
        assertEquals(fin.reply().text(), tokens);
    }

    @Test
    void chunksKeepEveryCharacter() {
        assertEquals(List.of("  a b c ", "d"), OfflineResponder.chunks("  a b c d", 3));
        assertEquals(List.of(), OfflineResponder.chunks("", 3));
    }
}
