package dev.concierge.platform;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * Redis commands over a connection of the caller's own event loop. Vert.x's Redis client opens every pooled
 * connection on the one event loop it was created on, so with Quarkus's client a command from any other loop was
 * written by that loop's thread and its answer handed back: two thread hand-offs per command, and a turn runs three
 * commands one after the other (load-tests/README.md, hot spot 16). Here each event loop has a client of its own,
 * made on that loop with the options Quarkus built from {@code quarkus.redis.*} (host, password, TLS, pool size,
 * which {@link RedisOptionsCustomizer} hands over); a call off the loops uses Quarkus's client. The pool size is per
 * loop. Commands sent here are not in Quarkus's Redis client metrics.
 */
@Singleton
public class LoopRedis {

    private final Redis shared;
    private final PerEventLoop<Redis> clients;

    LoopRedis(Vertx vertx, Redis shared, QuarkusOptions quarkus) {
        this.shared = shared;
        // made at a loop's first command, after Quarkus built its client (injected here) and so its options
        this.clients = new PerEventLoop<>(loop -> quarkus.options == null ? shared
                : Redis.createClient(vertx, new RedisOptions(quarkus.options)), shared);
    }

    /** The default client's options as Quarkus built them; a bean of its own, as Quarkus asks for it while it builds the client. */
    @Singleton
    static class QuarkusOptions implements RedisOptionsCustomizer {
        private volatile RedisOptions options;

        @Override
        public void customize(String clientName, RedisOptions built) {
            if (RedisConfig.DEFAULT_CLIENT_NAME.equals(clientName)) {
                this.options = new RedisOptions(built);
            }
        }
    }

    public Uni<Response> execute(String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        return clients.current().send(request);
    }

    @PreDestroy
    void close() {
        clients.all().stream().filter(c -> c != shared).forEach(Redis::close);
    }
}
