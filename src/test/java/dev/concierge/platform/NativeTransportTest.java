package dev.concierge.platform;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every socket of the service (HTTP, WebSocket, Redis, PostgreSQL, the LLM) runs on Linux's epoll, not Java NIO:
 * it took 5-7% off the CPU of a turn and a third off the p99 at 200 conversations (load-tests/README.md, hot spot 18).
 * Losing the native library or the setting falls back to NIO silently, so this pins it on the machines the service
 * is built and measured on.
 */
@QuarkusTest
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    void vertxRunsOnEpollOnLinuxX86() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the bundled native library is linux-x86_64");
        assertTrue(vertx.isNativeTransportEnabled(),
                () -> "Vert.x fell back to NIO: " + vertx.unavailableNativeTransportCause());
    }
}
