package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PyRandomTest {
    /** Expected values printed by CPython 3.11: random.Random(7).shuffle(list(range(20))); random.Random(13).choice(...). */
    @Test
    void drawsWhatCPythonDraws() {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < 20; i++) l.add(i);
        new PyRandom(7).shuffle(l);
        assertEquals(List.of(17, 15, 11, 18, 7, 6, 19, 3, 14, 0, 9, 5, 16, 8, 13, 2, 1, 12, 4, 10), l);
        PyRandom r = new PyRandom(13);
        List<Integer> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
        for (int i = 0; i < 57; i++) a.add(i);
        for (int i = 0; i < 31; i++) b.add(i);
        for (int i = 0; i < 1000; i++) c.add(i);
        assertEquals(List.of(16, 9, 701), List.of(r.choice(a), r.choice(b), r.choice(c)));
    }
}
