package dev.concierge.dialogue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateTest {

    @Test
    void seedApplyFeedbackAndJsonRoundTrip() throws Exception {
        var e = Fixtures.bundled();
        CatalogIndex ix = e.index();
        DialogueState s = StateTracker.seed(List.of(
                Msg.user("Hi im looking for a good horroe movie like The Babadook (2014)"),
                Msg.assistant("I think one of the creepiest one is The Shining (1980) Have you seen What Lies Beneath (2000) ?"),
                Msg.user("I thought It Follows (2014) was creepy those were good"),
                Msg.user("no Tom Cruise please")), ix);
        assertEquals(List.of("horror"), s.wantedGenres());
        assertEquals(List.of("Tom Cruise"), s.unwantedPeople());
        assertEquals(4, s.mentioned().size());
        assertEquals(2, s.suggested().size());
        assertTrue(s.liked().contains(ix.canonical("135508")), "The Babadook liked");
        s = StateTracker.feedback(s, "83192", StateTracker.REJECT, ix);
        assertTrue(s.rejected().contains("83192"));
        ObjectMapper om = new ObjectMapper();
        String json = om.writeValueAsString(s);
        DialogueState back = om.readValue(json, DialogueState.class);
        assertEquals(s, back);
        var c = InstructionConstraints.from(List.of(RankerTest.instr("x", "no horror", "avoid")), ix);
        assertEquals(c, om.readValue(om.writeValueAsString(c), InstructionConstraints.Constraints.class));
    }

    @Test
    void instructionTexts() {
        CatalogIndex ix = Fixtures.bundled().index();
        var c = InstructionConstraints.from(List.of(RankerTest.instr("a", "no horror", "avoid"),
                RankerTest.instr("b", "I can't stand horror", "avoid"), RankerTest.instr("c", "I love Tom Hanks", "prefer"),
                RankerTest.instr("d", "nothing before 1990", "avoid"), RankerTest.instr("e", "horror movies", "avoid")), ix);
        assertEquals(List.of("horror"), c.values(InstructionConstraints.GENRE, InstructionConstraints.AVOID));
        assertEquals(3, c.list().stream().filter(k -> k.value() != null && k.value().equals("horror")).count());
        assertEquals(List.of("Tom Hanks"), c.values(InstructionConstraints.PERSON, InstructionConstraints.PREFER));
        var year = c.list().stream().filter(k -> k.kind().equals(InstructionConstraints.YEAR)).findFirst().orElseThrow();
        assertEquals(1990, year.yearMin());
        assertEquals("d", year.instructionId());
        assertEquals(InstructionConstraints.PREFER, year.polarity(), "keep the range 1990..");
        // an avoid-instruction that also says what it wants keeps its wanted part
        var mixed = InstructionConstraints.from(List.of(RankerTest.instr("m",
                "When I'm tired after work, I want light comedies, not heavy dramas.", "avoid")), ix);
        assertEquals(List.of("comedy"), mixed.values(InstructionConstraints.GENRE, InstructionConstraints.PREFER));
        assertEquals(List.of("drama"), mixed.values(InstructionConstraints.GENRE, InstructionConstraints.AVOID));
    }
}
