package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {

    @Test
    void oddDialogIdsAreHeldOut() {
        assertTrue(Split.heldOut("16163"));
        assertTrue(Split.heldOut("1"));
        assertFalse(Split.heldOut("16162"));
        assertFalse(Split.heldOut("0"));
    }

    @Test
    void modesFilterTurns() {
        assertTrue(Split.Mode.HELDOUT.includes("7"));
        assertFalse(Split.Mode.HELDOUT.includes("8"));
        assertTrue(Split.Mode.ALL.includes("8"));
        assertEquals(Split.Mode.HELDOUT, Split.Mode.parse("heldout"));
        assertEquals(Split.Mode.ALL, Split.Mode.parse("ALL"));
        EvalException e = assertThrows(EvalException.class, () -> Split.Mode.parse("train"));
        assertEquals(EvalException.USAGE, e.exitCode());
    }

    @Test
    void nonNumericIdIsAnError() {
        assertThrows(NumberFormatException.class, () -> Split.heldOut("abc"));
    }
}
