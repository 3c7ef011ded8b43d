package dev.concierge.platform;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Hibernate Reactive keeps its session on the Vert.x context and insists on a fresh, isolated one. REST
 * requests get that for free; WebSocket frames and background work do not. This runs a unit of database
 * work on a new duplicated context flagged safe, so every caller gets its own session, and always on the
 * context's event loop: a step that resumed on a worker thread (a blocking LLM call) must not reach Hibernate there.
 */
@ApplicationScoped
public class Isolated {

    private final Vertx vertx;

    Isolated(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        Context current = Vertx.currentContext();
        if (current != null && VertxContext.isDuplicatedContext(current) && Context.isOnEventLoopThread()
                && VertxContextSafetyToggle.isExplicitlyMarkedAsSafe(current)) {
            return Uni.createFrom().deferred(() -> work.get());
        }
        Context base = current != null ? current : vertx.getOrCreateContext();
        Context isolated = VertxContext.createNewDuplicatedContext(base);
        VertxContextSafetyToggle.setContextSafe(isolated, true);
        return Uni.createFrom().emitter(em -> isolated.runOnContext(v ->
                work.get().subscribe().with(em::complete, em::fail)));
    }
}
