package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i; // unsorted on purpose
        }
        assertEquals(50, Percentiles.of(v, 50));
        assertEquals(99, Percentiles.of(v, 99));
        assertEquals(100, Percentiles.of(v, 100));
        assertEquals(1, Percentiles.of(v, 1));
    }

    @Test
    void smallSamplesRoundTheRankUp() {
        double[] v = {3, 1, 2, 4};
        assertEquals(2, Percentiles.of(v, 50));   // ceil(0.5*4)=2 -> 2nd smallest
        assertEquals(4, Percentiles.of(v, 99));   // ceil(3.96)=4
        assertEquals(1, Percentiles.of(v, 25));
        assertEquals(7.5, Percentiles.of(new double[] {7.5}, 99));
        // p99 of 200 samples is the 198th smallest: two outliers are not hidden by the median
        double[] two = new double[200];
        two[198] = 1000;
        two[199] = 2000;
        assertEquals(0, Percentiles.of(two, 99));
        two[197] = 500;
        assertEquals(500, Percentiles.of(two, 99));
    }

    @Test
    void inputIsNotModifiedAndEmptyIsNaN() {
        double[] v = {3, 1, 2};
        Percentiles.of(v, 50);
        assertArrayEquals(new double[] {3, 1, 2}, v);
        assertTrue(Double.isNaN(Percentiles.of(new double[0], 50)));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(v, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(v, 101));
    }
}
