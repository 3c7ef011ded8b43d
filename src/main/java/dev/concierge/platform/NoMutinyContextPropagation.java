package dev.concierge.platform;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Mutiny's callbacks run as they are, not wrapped by SmallRye context propagation. The extension (brought in by
 * Quarkus REST, Hibernate Reactive and fault tolerance) wraps every callback of every Mutiny stage so that CDI's
 * request context follows it to another thread: a capture when the stage is built, a restore and a reset each time it
 * runs, and objects that live as long as the turn (13,476 captured states at 200 conversations, copied by every young
 * collection; load-tests/README.md, hot spot 36). Nothing here needs it: a turn's work that leaves the event loop (the
 * CPU pool) reads no request-scoped bean, the REST layer activates its own request context when it resumes, and
 * Hibernate Reactive keeps its session in the Vert.x context, which the event loop's continuations run on anyway.
 * Quarkus sets the default thread context in code, so {@code mp.context.ThreadContext.propagated} cannot turn it off.
 */
@ApplicationScoped
public class NoMutinyContextPropagation {

    void clearAtStart(@Observes StartupEvent started) {
        Infrastructure.clearInterceptors(); // also Mutiny's Uni/Multi interceptors: the extension's are the only ones
    }
}
