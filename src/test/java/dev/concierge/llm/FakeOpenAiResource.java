package dev.concierge.llm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the {@link FakeOpenAiServer} before the application, so its port is in the configuration. */
public class FakeOpenAiResource implements QuarkusTestResourceLifecycleManager {

    static volatile FakeOpenAiServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = FakeOpenAiServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("concierge.llm.base-url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
