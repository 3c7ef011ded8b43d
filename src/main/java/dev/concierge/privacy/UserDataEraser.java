package dev.concierge.privacy;

import dev.concierge.platform.LoopRedis;
import dev.concierge.profile.ProfileKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Removes every Redis key of a user: they all share the prefix cc:{user}: (see {@link ProfileKeys}). */
@ApplicationScoped
public class UserDataEraser {

    private final LoopRedis redis;

    UserDataEraser(LoopRedis redis) {
        this.redis = redis;
    }

    public Uni<Long> eraseRedis(String userId) {
        return scanAndDelete(ProfileKeys.prefix(userId) + "*", "0", 0L);
    }

    private Uni<Long> scanAndDelete(String pattern, String cursor, long deleted) {
        return redis.execute("SCAN", cursor, "MATCH", pattern, "COUNT", "1000").chain(r -> {
            String next = r.get(0).toString();
            Response keys = r.get(1);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                names.add(keys.get(i).toString());
            }
            Uni<Long> del = names.isEmpty() ? Uni.createFrom().item(0L)
                    : redis.execute("DEL", names.toArray(String[]::new)).map(Response::toLong);
            return del.chain(n -> "0".equals(next) ? Uni.createFrom().item(deleted + n) : scanAndDelete(pattern, next, deleted + n));
        });
    }
}
