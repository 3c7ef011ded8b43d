package dev.concierge.profile.learn;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleExtractorTest {
    private final RuleExtractor ex = new RuleExtractor();

    private Statement one(String msg) {
        List<Statement> st = ex.extract(msg);
        assertEquals(1, st.size(), () -> "expected one statement from: " + msg + " got " + st);
        return st.get(0);
    }

    @Test
    void keepsPreferencesAndConstraints() {
        Statement s = one("I'm vegetarian.");
        assertEquals("I'm vegetarian.", s.text());
        assertEquals("vegetarian", s.subject());
        assertEquals("food", s.domain());

        s = one("I hate horror movies.");
        assertEquals("avoid", s.polarity());
        assertEquals("horror movies", s.subject());

        s = one("Honestly, I'm allergic to peanuts.");
        assertEquals("avoid", s.polarity());
        assertEquals("peanuts", s.subject());

        assertEquals("prefer", one("I absolutely love old-school jazz records.").polarity());
        assertEquals("avoid", one("I prefer not to fly with budget airlines.").polarity());
        assertEquals("neutral", one("My budget is under $150 a night.").polarity());
        assertEquals(1, ex.extract("I use a wheelchair, so step-free access matters to me.").size());
        assertEquals(1, ex.extract("Due to my religion, I don't eat pork.").size());
        assertEquals(1, ex.extract("I'm not a fan of crowded beaches.").size());
        assertEquals(1, ex.extract("I find long museum tours exhausting.").size());
        assertEquals("prefer", one("Actually I like horror now.").polarity());
        assertEquals("prefer", one("I eat meat again.").polarity());
    }

    @Test
    void indifferenceAnswersAQuestionAndIsNotLearned() {
        for (String said : List.of("I don't mind.", "I do not care", "Doesn't matter.", "Anything is fine!", "Whatever.")) {
            assertTrue(ex.extract(said).isEmpty(), said);
        }
        assertTrue(!ex.extract("I like horror, thriller.").isEmpty(), "a real preference is still learned");
    }

    @Test
    void conditionalInstructions() {
        Statement s = one("When I book concert tickets, also look for a hotel near the venue.");
        assertEquals("When I book concert tickets", s.condition());
        s = one("Whenever I fly, I prefer an aisle seat.");
        assertNotNull(s.condition());
        s = one("Book a table with a view whenever I plan a date night.");
        assertNotNull(s.condition());
        s = one("I avoid chain restaurants when traveling abroad.");
        assertEquals("when traveling abroad", s.condition());
    }

    @Test
    void keepsStatementsInsideMixedMessages() {
        List<Statement> st = ex.extract("Hi! I'm vegan and I can't stand spicy food. Can you recommend a restaurant in Lisbon for Friday?");
        assertEquals(1, st.size(), st::toString);
        st = ex.extract("I'm gluten intolerant, what should I order at an Italian place?");
        assertEquals(1, st.size(), st::toString);
    }

    @Test
    void dropsRequestsQuestionsAndNarration() {
        for (String m : List.of(
                "Can you recommend a horror movie?",
                "I want you to act as a travel guide for Rome.",
                "What's the best pizza in Naples?",
                "I need an introduction in which you mention how literary theory has shifted.",
                "I'm looking for a hotel in Paris for next weekend.",
                "Write 10 tests for it",
                "If I have 100 coins, give me the odds for the next race.",
                "I would like a summary of this article.",
                "I have a question about my Python code.",
                "Please rewrite this paragraph to be more formal.",
                "I think the second option is better.",
                "I like your watch. How long have you had it?  Fill in the blank.",
                "Make this grammatically correct: I like your watch.",
                "tell me the fastest car in the world")) {
            assertTrue(ex.extract(m).isEmpty(), () -> "should drop: " + m + " -> " + ex.extract(m));
        }
    }

    @Test
    void dropsCodeAndLongPastedContent() {
        String code = """
                def fibonacci(number):
                    \"\"\"I prefer memoization here\"\"\"
                    memo = {0: 0, 1: 1}
                    if not number in memo:
                        memo[number] = fibonacci(number - 1) + fibonacci(number - 2)
                    return memo[number]
                """;
        assertTrue(ex.extract(code).isEmpty(), () -> ex.extract(code).toString());
        String fenced = "Fix this:\n```java\n// I hate nulls\nString s = null; // I avoid this\n```";
        assertTrue(ex.extract(fenced).isEmpty(), () -> ex.extract(fenced).toString());
        StringBuilder essay = new StringBuilder();
        for (int i = 0; i < 40; i++) essay.append("Language models have improved a lot thanks to in-context learning and scale. ");
        assertTrue(ex.extract(essay.toString()).isEmpty());
        assertTrue(ex.extract("").isEmpty());
        assertTrue(ex.extract(null).isEmpty());
    }
}
