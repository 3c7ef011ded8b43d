package dev.concierge.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rejects an oversized body before it is read, as problem+json (Vert.x' own 413 is plain text).
 * Chunked bodies without Content-Length still hit quarkus.http.limits.max-body-size.
 */
@ApplicationScoped
public class BodyLimitFilter {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize max;

    void install(@Observes Router router) {
        long maxBytes = max.asLongValue();
        router.route().order(-1000).handler(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (length != null) {
                try {
                    if (Long.parseLong(length.trim()) > maxBytes) {
                        Problem p = Problem.of(413, "Payload too large",
                                "Request body of " + length.trim() + " bytes exceeds the limit of " + maxBytes + " bytes");
                        rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                                .putHeader("Connection", "close").end(Json.encode(p));
                        return;
                    }
                } catch (NumberFormatException ignored) {
                    // let the HTTP layer reject a malformed header
                }
            }
            rc.next();
        });
    }
}
