package dev.concierge.dialogue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TokenBatcherTest {

    private static final long MS = 1_000_000L;

    @Test
    void theFirstTokenGoesOutAtOnceThenPiecesOfAtLeastMinChars() {
        TokenBatcher b = new TokenBatcher(10, 1_000 * MS);
        assertEquals("Here", b.offer("Here", 0));
        assertNull(b.offer(" are", MS));
        assertNull(b.offer(" some", 2 * MS));
        assertEquals(" are some movies", b.offer(" movies", 3 * MS), "sent once 10 characters were held");
        assertNull(b.offer(" you", 4 * MS));
        assertEquals(" you", b.drain(), "the tail leaves before the turn ends");
        assertNull(b.drain());
    }

    @Test
    void aSlowStreamIsNotHeldBackLongerThanMaxDelay() {
        TokenBatcher b = new TokenBatcher(100, 40 * MS);
        assertEquals("A", b.offer("A", 0));
        assertNull(b.offer("b", 20 * MS));
        assertEquals("bc", b.offer("c", 45 * MS), "40 ms passed since the last piece");
        assertNull(b.offer("d", 60 * MS));
        assertEquals("de", b.offer("e", 90 * MS));
    }

    @Test
    void everyCharacterArrivesOnceAndInOrder() {
        TokenBatcher b = new TokenBatcher(16, 40 * MS);
        StringBuilder in = new StringBuilder();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String token = i % 7 == 0 ? "" : "t" + i + " ";
            in.append(token);
            String piece = b.offer(token, i * 7 * MS);
            if (piece != null) {
                out.add(piece);
            }
        }
        String tail = b.drain();
        if (tail != null) {
            out.add(tail);
        }
        assertEquals(in.toString(), String.join("", out));
        assertEquals(true, out.size() < 120, "fewer frames than tokens: " + out.size());
    }
}
