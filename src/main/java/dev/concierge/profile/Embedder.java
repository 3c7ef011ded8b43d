package dev.concierge.profile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The in-process MiniLM sentence embedding (quantized, 384 dims). Synchronous by design: callers run it on
 * the CPU pool. Warmed at start-up so the first user does not pay the ~1 s model load.
 */
@ApplicationScoped
public class Embedder implements TextEmbedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class);
    private final MiniLmEmbedder model = new MiniLmEmbedder();
    private final Counter embedded;

    Embedder(MeterRegistry metrics) {
        this.embedded = Counter.builder("concierge.embeddings")
                .description("Texts embedded (~1-3 ms of CPU-pool time each)").register(metrics);
    }

    void warm(@Observes StartupEvent ev) {
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            model.embed("warm up the embedding model");
            LOG.infof("Embedding model warmed in %d ms", (System.nanoTime() - t0) / 1_000_000);
        }, "embedder-warmup");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public float[] embed(String text) {
        embedded.increment();
        return model.embed(text);
    }
}
