package dev.concierge.dialogue;

import dev.concierge.catalog.CatalogLoader;
import dev.concierge.catalog.CatalogSearch;
import dev.concierge.platform.CpuPool;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.time.Duration;

/**
 * The in-memory side of the catalog that turns rank against: the index (titles, people, genres) and the
 * ranker with its co-occurrence model, built from PostgreSQL once the catalog is loaded. Every replica
 * builds its own from the same rows, so any replica can serve any turn.
 */
@ApplicationScoped
public class DialogueEngine {

    private static final Logger LOG = Logger.getLogger(DialogueEngine.class);

    /** Everything a turn needs from the catalog, swapped atomically. */
    public record Parts(CatalogIndex index, Ranker ranker, Policy policy) {
    }

    private final CatalogLoader loader;
    private final CatalogSearch catalog;
    private final CpuPool cpu;
    private final DialogueConfig config;
    private volatile Parts parts;
    private volatile String failure;

    DialogueEngine(CatalogLoader loader, CatalogSearch catalog, CpuPool cpu, DialogueConfig config) {
        this.loader = loader;
        this.catalog = catalog;
        this.cpu = cpu;
        this.config = config;
    }

    /** After the catalog loader's start (default priority 2500), whose load the index waits for. */
    void onStart(@Observes @Priority(3000) StartupEvent ev) {
        Uni<Parts> built = Uni.createFrom().completionStage(loader.whenReady()).chain(() -> rebuild());
        if (config.indexBeforeStart()) {
            built.await().atMost(Duration.ofMinutes(2)); // on the starting thread, not an event loop
            return;
        }
        built.subscribe().with(p -> { }, e -> {
                    failure = e.getMessage();
                    LOG.error("Dialogue index not built", e);
                });
    }

    /** Re-reads the catalog from PostgreSQL and swaps in a fresh index. */
    public Uni<Parts> rebuild() {
        long t0 = System.nanoTime();
        return catalog.all().chain(items -> cpu.run(() -> {
            CatalogIndex index = new CatalogIndex(items);
            Ranker ranker = new Ranker(cooccurrence());
            Parts p = new Parts(index, ranker, new Policy(ranker, index));
            parts = p;
            LOG.infof("Dialogue index over %d rows built in %d ms", items.size(), (System.nanoTime() - t0) / 1_000_000);
            return p;
        }));
    }

    public Parts parts() {
        Parts p = parts;
        if (p == null) {
            throw dev.concierge.error.ApiException.unavailable("The catalog is still loading; retry in a few seconds");
        }
        return p;
    }

    public boolean ready() {
        return parts != null;
    }

    String failure() {
        return failure;
    }

    private CooccurrenceModel cooccurrence() {
        String path = config.cooccurrence();
        try (InputStream in = path.startsWith("classpath:")
                ? Thread.currentThread().getContextClassLoader().getResourceAsStream(path.substring("classpath:".length()))
                : java.nio.file.Files.newInputStream(java.nio.file.Path.of(path))) {
            if (in == null) {
                LOG.warnf("No co-occurrence model at %s: ranking without it", path);
                return CooccurrenceModel.empty();
            }
            return CooccurrenceModel.read(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Readiness
    @ApplicationScoped
    static class IndexReadiness implements HealthCheck {
        private final DialogueEngine engine;

        IndexReadiness(DialogueEngine engine) {
            this.engine = engine;
        }

        @Override
        public HealthCheckResponse call() {
            var b = HealthCheckResponse.named("dialogue-index").status(engine.ready());
            // through a method: the engine is injected as a client proxy, whose own fields are never set
            if (engine.failure() != null) {
                b.withData("error", engine.failure());
            }
            return b.build();
        }
    }
}
