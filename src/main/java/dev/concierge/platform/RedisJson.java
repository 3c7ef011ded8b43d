package dev.concierge.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON for values kept in Redis: a corrupt value is a server error that names what was being read. */
public final class RedisJson {

    private final ObjectMapper json;
    private final String what;

    public RedisJson(ObjectMapper json, String what) {
        this.json = json;
        this.what = what;
    }

    public String encode(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + what, e);
        }
    }

    public <T> T decode(String s, Class<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt " + what + ": " + e.getOriginalMessage(), e);
        }
    }
}
