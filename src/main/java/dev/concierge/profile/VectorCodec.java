package dev.concierge.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Stores float vectors as base64 of little-endian float32 instead of JSON numbers: exact, and about a quarter of
 * the size, which is what a turn's single profile read carries. Reads both forms, so older records still load.
 */
final class VectorCodec {

    private VectorCodec() {
    }

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("concierge-vectors");
        m.addSerializer(float[].class, new JsonSerializer<>() {
            @Override
            public void serialize(float[] v, JsonGenerator gen, SerializerProvider p) throws IOException {
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    b.putFloat(f);
                }
                gen.writeString(Base64.getEncoder().encodeToString(b.array()));
            }
        });
        m.addDeserializer(float[].class, new JsonDeserializer<>() {
            @Override
            public float[] deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(p.getText())).order(ByteOrder.LITTLE_ENDIAN);
                    float[] v = new float[b.remaining() / 4];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = b.getFloat();
                    }
                    return v;
                }
                if (p.currentToken() == JsonToken.START_ARRAY) {
                    List<Float> out = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        out.add(p.getFloatValue());
                    }
                    float[] v = new float[out.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = out.get(i);
                    }
                    return v;
                }
                return (float[]) ctx.handleUnexpectedToken(float[].class, p);
            }
        });
        return m;
    }
}
