package dev.concierge.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.platform.LoopRedis;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's instructions in Redis (layout: {@link ProfileKeys}). Reads are one round trip (a Lua script
 * returns the revision and the whole hash together, a consistent snapshot); writes are compare-and-set on
 * the revision, so two concurrent writers can never both apply a change computed from the same snapshot.
 */
@ApplicationScoped
public class ProfileStore {

    /** A consistent view of one user's profile at revision {@code rev}. */
    public record Snapshot(long rev, Map<String, StoredInstruction> byId) {
        public List<StoredInstruction> active() {
            return byId.values().stream().filter(s -> s.instruction().isActive()).toList();
        }
    }

    private static final String READ = """
            return {redis.call('GET', KEYS[1]) or '0', redis.call('HGETALL', KEYS[2])}""";

    // ARGV: expectedRev, n, n x (id, json), m, m x (versionKey, json); returns the new rev, or -1 on conflict
    private static final String COMMIT = """
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            if cur ~= tonumber(ARGV[1]) then return -1 end
            local i = 3
            for _ = 1, tonumber(ARGV[2]) do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]); i = i + 2 end
            local m = tonumber(ARGV[i]); i = i + 1
            for _ = 1, m do redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]); i = i + 2 end
            return redis.call('INCR', KEYS[1])""";

    private final LoopRedis redis;
    private final dev.concierge.platform.RedisJson json;
    private final dev.concierge.platform.CpuPool cpu;

    ProfileStore(LoopRedis redis, ObjectMapper json, dev.concierge.platform.CpuPool cpu) {
        this.redis = redis;
        // vectors as base64 float32 (a quarter of the JSON-number size): a 1,000-instruction profile is one read
        this.json = new dev.concierge.platform.RedisJson(json.copy().registerModule(VectorCodec.module()), "profile record");
        this.cpu = cpu;
    }

    public Uni<Snapshot> read(String userId) {
        // decoding a large profile is CPU work: off the event loop (an empty one, most users' first turns, is not)
        return redis.execute("EVAL", READ, "2", ProfileKeys.revision(userId), ProfileKeys.instructions(userId))
                .chain(r -> r.get(1).size() == 0 ? Uni.createFrom().item(snapshot(r)) : cpu.run(() -> snapshot(r)));
    }

    private Snapshot snapshot(Response r) {
        long rev = Long.parseLong(r.get(0).toString());
        Response hash = r.get(1);
        Map<String, StoredInstruction> byId = new LinkedHashMap<>();
        for (int i = 0; i + 1 < hash.size(); i += 2) {
            StoredInstruction s = json.decode(hash.get(i + 1).toString(), StoredInstruction.class);
            byId.put(hash.get(i).toString(), s);
        }
        return new Snapshot(rev, byId);
    }

    /**
     * Writes the given current records (and each as a version in history) if the profile is still at
     * {@code expectedRev}. Emits false when another writer got there first: the caller re-reads and retries.
     */
    public Uni<Boolean> commit(String userId, long expectedRev, List<StoredInstruction> writes) {
        List<String> args = new ArrayList<>();
        args.add(COMMIT);
        args.add("3");
        args.add(ProfileKeys.revision(userId));
        args.add(ProfileKeys.instructions(userId));
        args.add(ProfileKeys.versions(userId));
        args.add(Long.toString(expectedRev));
        args.add(Integer.toString(writes.size()));
        for (StoredInstruction s : writes) {
            args.add(s.instruction().id());
            args.add(json.encode(s));
        }
        args.add(Integer.toString(writes.size()));
        for (StoredInstruction s : writes) {
            args.add(versionKey(s.instruction().id(), s.instruction().version()));
            args.add(json.encode(s.instruction()));
        }
        return redis.execute("EVAL", args.toArray(String[]::new)).map(r -> r.toLong() >= 0);
    }

    /** Versions 1..upTo of an instruction, oldest first (missing ones skipped). */
    public Uni<List<Instruction>> versions(String userId, String id, int upTo) {
        if (upTo < 1) {
            return Uni.createFrom().item(List.of());
        }
        List<String> args = new ArrayList<>();
        args.add(ProfileKeys.versions(userId));
        for (int v = 1; v <= upTo; v++) {
            args.add(versionKey(id, v));
        }
        return redis.execute("HMGET", args.toArray(String[]::new)).map(r -> {
            List<Instruction> out = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                if (r.get(i) != null) {
                    out.add(json.decode(r.get(i).toString(), Instruction.class));
                }
            }
            return out;
        });
    }

    static String versionKey(String id, int version) {
        return id + "#" + version;
    }
}
