package dev.concierge.dialogue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.profile.ProfileKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * A conversation's working state in Redis, under the user's prefix so erase-me finds it:
 * {@code cc:{U}:conv:{id}} (state JSON, TTL), {@code cc:{U}:idem:{id}:{clientMessageId}} (the Turn a
 * clientMessageId produced), {@code cc:{U}:lock:{id}} (one turn at a time per conversation).
 */
@ApplicationScoped
public class ConversationStore {

    /** What a turn needs besides the transcript: the dialogue state and the next message number. */
    public record WorkingState(DialogueState dialogue, int nextSeq, String lastUserText,
                               java.util.List<dev.concierge.llm.ChatLine> recent) {
        public WorkingState {
            recent = recent == null ? java.util.List.of() : java.util.List.copyOf(recent);
        }

        /** The last {@code n} lines after adding these: the bounded window a reply sees. */
        public java.util.List<dev.concierge.llm.ChatLine> recentWith(int n, dev.concierge.llm.ChatLine... more) {
            java.util.List<dev.concierge.llm.ChatLine> all = new java.util.ArrayList<>(recent);
            all.addAll(java.util.List.of(more));
            return java.util.List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end""";

    // KEYS: state, lock, idempotency record (optional); ARGV: state, its TTL, lock token, turn, its TTL
    private static final String COMMIT = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5]) end
            if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
            return 1""";

    private final ReactiveRedisDataSource redis;
    private final dev.concierge.platform.RedisJson json;
    private final DialogueConfig config;

    ConversationStore(ReactiveRedisDataSource redis, ObjectMapper json, DialogueConfig config) {
        this.redis = redis;
        this.json = new dev.concierge.platform.RedisJson(json, "conversation state");
        this.config = config;
    }

    static String stateKey(String user, String conversationId) {
        return ProfileKeys.prefix(user) + "conv:" + conversationId;
    }

    static String idemKey(String user, String conversationId, String clientMessageId) {
        return ProfileKeys.prefix(user) + "idem:" + conversationId + ":" + clientMessageId;
    }

    static String lockKey(String user, String conversationId) {
        return ProfileKeys.prefix(user) + "lock:" + conversationId;
    }

    /** The state, or null when it expired (the caller rebuilds it from the transcript). */
    public Uni<WorkingState> load(String user, String conversationId) {
        return redis.execute("GET", stateKey(user, conversationId))
                .map(r -> r == null ? null : json.decode(r.toString(), WorkingState.class));
    }

    public Uni<Void> save(String user, String conversationId, WorkingState state) {
        return redis.execute("SET", stateKey(user, conversationId), json.encode(state),
                "PX", Long.toString(config.stateTtl().toMillis())).replaceWithVoid();
    }

    public Uni<Turn> replay(String user, String conversationId, String clientMessageId) {
        if (clientMessageId == null) {
            return Uni.createFrom().nullItem();
        }
        return redis.execute("GET", idemKey(user, conversationId, clientMessageId))
                .map(r -> r == null ? null : json.decode(r.toString(), Turn.class));
    }

    /**
     * The end of a turn in one atomic round trip: the new state, the Turn its clientMessageId produced (when there
     * is one) and the release of the turn lock (only if {@code lockToken} still holds it).
     */
    public Uni<Void> commit(String user, String conversationId, String lockToken, WorkingState state,
                            String clientMessageId, Turn turn) {
        String ttl = Long.toString(config.stateTtl().toMillis());
        return (clientMessageId == null
                ? redis.execute("EVAL", COMMIT, "2", stateKey(user, conversationId), lockKey(user, conversationId),
                        json.encode(state), ttl, lockToken)
                : redis.execute("EVAL", COMMIT, "3", stateKey(user, conversationId), lockKey(user, conversationId),
                        idemKey(user, conversationId, clientMessageId), json.encode(state), ttl, lockToken,
                        json.encode(turn), Long.toString(config.idempotencyTtl().toMillis()))).replaceWithVoid();
    }

    // KEYS: lock, state; ARGV: token, lock TTL. {0}: a turn is running; {1, state or false}: locked
    private static final String LOCK_AND_LOAD = """
            if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
            return {1, redis.call('GET', KEYS[2])}""";

    /** A held turn lock and the state as it was when it was taken (null when the state expired). */
    public record Locked(String token, WorkingState state) {
    }

    /**
     * The start of a turn in one round trip: takes the conversation's turn lock and, under it, reads the state.
     * Emits null when another turn of the conversation is running.
     */
    public Uni<Locked> lockAndLoad(String user, String conversationId) {
        String token = UUID.randomUUID().toString();
        return redis.execute("EVAL", LOCK_AND_LOAD, "2", lockKey(user, conversationId), stateKey(user, conversationId),
                        token, Long.toString(config.turnTimeout().toMillis() * 2))
                .map(r -> {
                    if (r.get(0).toInteger() == 0) {
                        return null;
                    }
                    Response state = r.size() > 1 ? r.get(1) : null;
                    return new Locked(token, state == null ? null : json.decode(state.toString(), WorkingState.class));
                });
    }

    public Uni<Void> unlock(String user, String conversationId, String token) {
        return redis.execute("EVAL", RELEASE, "1", lockKey(user, conversationId), token).replaceWithVoid();
    }
}
