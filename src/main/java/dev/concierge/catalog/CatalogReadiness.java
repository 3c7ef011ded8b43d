package dev.concierge.catalog;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the catalog is in PostgreSQL: a replica must not take turns it cannot ground. */
@Readiness
public class CatalogReadiness implements HealthCheck {

    private final CatalogLoader loader;

    CatalogReadiness(CatalogLoader loader) {
        this.loader = loader;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("catalog").status(loader.state() == CatalogLoader.State.READY)
                .withData("state", loader.state().name());
        if (loader.failure() != null) {
            b.withData("error", loader.failure());
        }
        return b.build();
    }
}
