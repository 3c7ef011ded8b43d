package dev.concierge.platform;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Mutiny's callbacks are not wrapped by context propagation once the service has started: with the extension's
 * decorator in place every stage of a turn captured and restored CDI's contexts (load-tests/README.md, hot spot 36).
 * That the service still works without it is what the rest of the suite says: its REST, WebSocket and persistence
 * tests all run with the decorator gone.
 */
@QuarkusTest
class NoMutinyContextPropagationTest {

    @Test
    void aMutinyCallbackIsLeftAsItIs() {
        Function<String, Integer> length = String::length;
        assertSame(length, Infrastructure.decorate(length));
    }
}
