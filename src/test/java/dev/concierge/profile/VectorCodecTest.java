package dev.concierge.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorCodecTest {

    record Holder(float[] vector, float[] missing) {
    }

    private final ObjectMapper json = new ObjectMapper().registerModule(VectorCodec.module());

    @Test
    void vectorsRoundTripExactlyAndCompactly() throws Exception {
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i) / 7f;
        }
        String s = json.writeValueAsString(new Holder(v, null));
        assertArrayEquals(v, json.readValue(s, Holder.class).vector());
        String plain = new ObjectMapper().writeValueAsString(new Holder(v, null));
        assertTrue(s.length() * 2 < plain.length(), s.length() + " vs " + plain.length());
    }

    @Test
    void recordsWrittenAsNumberArraysStillLoad() throws Exception {
        Holder h = json.readValue("{\"vector\":[0.5,-1.25,3.0],\"missing\":null}", Holder.class);
        assertArrayEquals(new float[]{0.5f, -1.25f, 3.0f}, h.vector());
    }
}
