package dev.concierge.channel.ws;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stopping replica finishes the turns in flight on its chat sockets, then closes every socket with 1012 (service
 * restart), so the widget reconnects to another replica at once and resends what had no answer; a message that arrives
 * after the stop began is refused with an {@code unavailable} error frame and a close.
 * <p>
 * Quarkus 3.33's graceful shutdown counts every HTTP request until its response ends, and a request upgraded to a
 * WebSocket never ends one, so any replica that had served a socket waited the whole {@code quarkus.shutdown.timeout}
 * (10 s) at every stop. Sockets are drained here instead, so the upgrade is marked done once the socket is open.
 */
@ApplicationScoped
public class SocketDrain implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(SocketDrain.class);

    /** Close code 1012 (RFC 6455 registry): the server is restarting, a client should reconnect. */
    private static final CloseReason RESTARTING = new CloseReason(1012, "restarting");

    private static final UserData.TypedKey<Runnable> UPGRADE_DONE = new UserData.TypedKey<>("concierge.upgrade-done");

    /** {@code QuarkusRequestWrapper.done()}: package-private; null when a Quarkus version no longer has it. */
    private static final MethodHandle REQUEST_DONE = requestDone();

    @ConfigMapping(prefix = "concierge.ws")
    public interface Config {
        /** How long a stopping replica waits for the turns in flight on its sockets before it closes them anyway. */
        @WithDefault("10s")
        Duration drainTimeout();
    }

    private final OpenConnections connections;
    private final Config config;
    private final Set<String> turning = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    SocketDrain(OpenConnections connections, Config config) {
        this.connections = connections;
        this.config = config;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (REQUEST_DONE != null) {
            QuarkusRequestWrapper request = QuarkusRequestWrapper.get(context.httpRequest());
            context.userData().put(UPGRADE_DONE, () -> {
                try {
                    REQUEST_DONE.invoke(request);
                } catch (Throwable t) {
                    LOG.debug("Could not mark the upgrade request done", t);
                }
            });
        }
        return CheckResult.permitUpgrade();
    }

    /** The socket is open: its upgrade request no longer holds Quarkus's HTTP drain. */
    void opened(WebSocketConnection connection) {
        Runnable done = connection.userData().remove(UPGRADE_DONE);
        if (done != null) {
            done.run();
        }
    }

    /** A turn starts on this socket; false when the replica is stopping and the turn must not start. */
    boolean turnStarts(WebSocketConnection connection) {
        turning.add(connection.id());
        if (draining) {
            turning.remove(connection.id());
            return false;
        }
        return true;
    }

    /** The turn's last frame is out: when stopping, the socket closes now. */
    void turnEnded(WebSocketConnection connection) {
        turning.remove(connection.id());
        if (draining) {
            close(connection);
        }
    }

    /**
     * The first step of a stop, while the HTTP server still runs (ShutdownEvent comes after the server has closed every
     * socket); fired since {@code quarkus.shutdown.delay-enabled=true}, with no delay configured.
     */
    void onStop(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Closes idle sockets now and the others after their turn, waiting up to the drain timeout. */
    void drain() {
        draining = true;
        connections.forEach(c -> {
            if (!turning.contains(c.id())) {
                close(c);
            }
        });
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (!turning.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!turning.isEmpty()) {
            LOG.warnf("%d turns were still running after %s; their sockets are closed, the clients resend them",
                    turning.size(), config.drainTimeout());
        }
        connections.forEach(SocketDrain::close);
    }

    /** Closes the socket with 1012, if it is still open. */
    static void close(WebSocketConnection connection) {
        if (connection.isOpen()) {
            connection.close(RESTARTING).subscribe().with(v -> { }, f -> LOG.debug("Close failed", f));
        }
    }

    private static MethodHandle requestDone() {
        try {
            return MethodHandles.privateLookupIn(QuarkusRequestWrapper.class, MethodHandles.lookup())
                    .findVirtual(QuarkusRequestWrapper.class, "done", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("Quarkus's request wrapper has no done(): a replica that served sockets waits its HTTP drain timeout");
            return null;
        }
    }
}
