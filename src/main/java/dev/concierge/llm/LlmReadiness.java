package dev.concierge.llm;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * State of the LLM endpoint ({@code GET {base-url}/models}, short timeout), listed with the readiness checks only
 * when {@code concierge.llm.enabled=true}. It never makes the service unready: when the LLM is slow or down, turns
 * are still answered, offline ({@code degraded=true}), so taking every replica out of the load balancer during an
 * LLM restart would turn a degraded service into an outage. The check is always UP and says in its data whether
 * the endpoint answers ({@code reachable}) and what turns get meanwhile ({@code replies: llm | offline}).
 */
@ApplicationScoped
public class LlmReadiness implements AsyncHealthCheck {

    static final String NAME = "llm";

    private final LlmConfig config;
    private final String baseUrl;
    private final Optional<String> apiKey;
    private final HttpClient http;

    LlmReadiness(LlmConfig config) {
        this.config = config;
        String baseUrl = config.baseUrl();
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = config.apiKey();
        this.http = HttpClient.newBuilder().connectTimeout(config.health().timeout()).build();
    }

    void register(@Observes StartupEvent ev, @Readiness HealthRegistry registry) {
        if (config.enabled()) {
            registry.register(NAME, this);
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String url = baseUrl + "/models";
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(config.health().timeout()).GET();
        apiKey.filter(k -> !k.isBlank()).ifPresent(k -> req.header("Authorization", "Bearer " + k));
        return Uni.createFrom().completionStage(() -> http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding()))
                .map(resp -> state(url, resp.statusCode() / 100 == 2).withData("status", resp.statusCode()).build())
                .onFailure().recoverWithItem(t -> state(url, false)
                        .withData("error", t.getClass().getSimpleName() + ": " + t.getMessage()).build());
    }

    private static HealthCheckResponseBuilder state(String url, boolean reachable) {
        return HealthCheckResponse.named(NAME).up().withData("endpoint", url).withData("reachable", reachable)
                .withData("replies", reachable ? "llm" : "offline");
    }
}
