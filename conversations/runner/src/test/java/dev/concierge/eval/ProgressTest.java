package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressTest {
    @Test
    void theBarFillsInProportionToTheDoneRecords() {
        assertEquals("[scenarios ws] [------------------------] 0/42", Progress.line("scenarios ws", 0, 42));
        assertEquals("[scenarios ws] [############------------] 21/42", Progress.line("scenarios ws", 21, 42));
        assertEquals("[b3] [########################] 7/7", Progress.line("b3", 7, 7));
    }
}
