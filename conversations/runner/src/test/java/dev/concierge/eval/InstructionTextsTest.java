package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstructionTextsTest {

    @Test
    void thousandDistinctShortDeterministicTexts() {
        List<String> a = InstructionTexts.generate(1000);
        assertEquals(1000, a.size());
        assertEquals(1000, new HashSet<>(a).size());
        assertTrue(a.stream().allMatch(t -> !t.isBlank() && t.length() <= 500 && t.endsWith(".")));
        assertEquals(a, InstructionTexts.generate(1000));
        assertEquals(a.subList(0, 10), InstructionTexts.generate(10));
        // varied: several templates appear among the first ten
        assertTrue(a.subList(0, 10).stream().map(t -> t.split(" ")[0] + t.split(" ")[1]).distinct().count() >= 3);
    }

    @Test
    void tooManyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InstructionTexts.generate(100_000));
    }
}
