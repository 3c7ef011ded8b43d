package dev.concierge.platform;

import dev.concierge.support.EventLoops;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Against the real Redis: which connection, seen from the server (CLIENT ID), serves a command from which thread. */
@QuarkusTest
class LoopRedisTest {

    @Inject
    LoopRedis redis;

    @Inject
    Vertx vertx;

    @Test
    void aCommandMadeOnAnEventLoopUsesAConnectionOfThatLoop() throws Exception {
        // Quarkus's one client keeps its connections on one event loop, so a command from another loop had its
        // request and answer handed between two loop threads
        Context[] loops = EventLoops.twoDistinct(vertx);
        Context a = loops[0];
        Context b = loops[1];
        long first = connectionServing(a);
        assertEquals(first, connectionServing(a), "the same loop reuses its connection");
        long other = connectionServing(b);
        assertNotEquals(first, other, "a command on another event loop took the first loop's connection");
        assertEquals(other, connectionServing(b));
        assertEquals(first, connectionServing(a));
    }

    @Test
    void aCommandMadeOffTheEventLoopsIsServedToo() throws Exception {
        assertEquals("PONG", redis.execute("PING").await().atMost(java.time.Duration.ofSeconds(5)).toString());
    }

    /** The server's id of the connection a command made on the context went over; the answer comes back on its loop. */
    private long connectionServing(Context context) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Thread[] caller = new Thread[1];
        context.runOnContext(v -> {
            caller[0] = Thread.currentThread();
            redis.execute("CLIENT", "ID").subscribe().with(r -> {
                if (Thread.currentThread() != caller[0]) {
                    done.completeExceptionally(new AssertionError("answered on " + Thread.currentThread().getName()));
                }
                done.complete(r.toLong());
            }, done::completeExceptionally);
        });
        return done.get(10, TimeUnit.SECONDS);
    }
}
