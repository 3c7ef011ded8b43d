package dev.concierge.llm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default avoid rule matches the item's genres, people and title as whole phrases. */
class AttributeAvoidRuleTest {

    final AttributeAvoidRule rule = new AttributeAvoidRule();
    final CandidateItem shining = new CandidateItem("m1", "The Shining", 1980, List.of("Horror", "Sci-Fi"),
            List.of("Jack Nicholson"), null);

    static AppliedInstruction avoid(String text) {
        return new AppliedInstruction("i", text, "avoid");
    }

    @Test
    void genrePersonAndTitleViolations() {
        assertTrue(rule.violates(shining, avoid("No horror.")));
        assertTrue(rule.violates(shining, avoid("I don't like horrors")));
        assertTrue(rule.violates(shining, avoid("nothing sci-fi")));
        assertTrue(rule.violates(shining, avoid("Nothing with JACK NICHOLSON")));
        assertTrue(rule.violates(shining, avoid("never suggest The Shining again")));
    }

    @Test
    void noViolationOnUnrelatedTextOrOtherPolarity() {
        assertFalse(rule.violates(shining, avoid("no comedies")));
        assertFalse(rule.violates(shining, avoid("nothing with Jack Black")));
        assertFalse(rule.violates(shining, avoid("no horrorcore music")));
        assertFalse(rule.violates(shining, new AppliedInstruction("i", "horror please", "prefer")));
    }
}
