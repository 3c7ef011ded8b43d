package dev.concierge.dialogue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.platform.LoopRedis;
import dev.concierge.profile.ProfileKeys;
import dev.concierge.security.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
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

    private final LoopRedis redis;
    private final dev.concierge.platform.RedisJson json;
    private final DialogueConfig config;

    ConversationStore(LoopRedis redis, ObjectMapper json, DialogueConfig config) {
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

    // KEYS: lock, state, rate counter, idempotency record (optional); ARGV: token, lock TTL, rate window, rate limit.
    // {2, turn}: a replay; {3, window left}: over the rate limit; {0}: a turn is running; {1, state or false}: locked
    private static final String START = """
            if KEYS[4] then
              local done = redis.call('GET', KEYS[4])
              if done then return {2, done} end
            end
            local n = redis.call('INCR', KEYS[3])
            if n == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
            local left = redis.call('PTTL', KEYS[3])
            if left < 0 then redis.call('PEXPIRE', KEYS[3], ARGV[3]); left = tonumber(ARGV[3]) end
            if n > tonumber(ARGV[4]) then return {3, left} end
            if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
            return {1, redis.call('GET', KEYS[2])}""";

    /** How a turn's start went: at most one of these is set. */
    public record Start(Turn replayed, Long rateWindowLeftMs, Locked locked) {
        public boolean busy() {
            return replayed == null && rateWindowLeftMs == null && locked == null;
        }
    }

    /** A held turn lock and the state as it was when it was taken (null when the state expired). */
    public record Locked(String token, WorkingState state) {
    }

    /**
     * The start of a turn in one round trip, in this order: the Turn an already answered clientMessageId produced (a
     * replay counts against no limit and takes no lock); the user's turn count against {@code rate}; the
     * conversation's turn lock and, under it, the state. See {@link Start}.
     */
    public Uni<Start> start(String user, String conversationId, String clientMessageId, RateLimiter.Window rate) {
        String token = UUID.randomUUID().toString();
        List<String> args = new ArrayList<>(List.of(START, clientMessageId == null ? "3" : "4",
                lockKey(user, conversationId), stateKey(user, conversationId), rate.key()));
        if (clientMessageId != null) {
            args.add(idemKey(user, conversationId, clientMessageId));
        }
        args.addAll(List.of(token, Long.toString(config.turnTimeout().toMillis() * 2), Long.toString(rate.windowMs()),
                Integer.toString(rate.limit())));
        return redis.execute("EVAL", args.toArray(String[]::new)).map(r -> switch (r.get(0).toInteger()) {
            case 2 -> new Start(json.decode(r.get(1).toString(), Turn.class), null, null);
            case 3 -> new Start(null, r.get(1).toLong(), null);
            case 1 -> {
                Response state = r.size() > 1 ? r.get(1) : null;
                yield new Start(null, null, new Locked(token, state == null ? null
                        : json.decode(state.toString(), WorkingState.class)));
            }
            default -> new Start(null, null, null);
        });
    }

    public Uni<Void> unlock(String user, String conversationId, String token) {
        return redis.execute("EVAL", RELEASE, "1", lockKey(user, conversationId), token).replaceWithVoid();
    }
}
