package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LLM that plays the simulated user: any OpenAI-compatible server ({@code POST BASE/chat/completions}),
 * always with {@code temperature: 0} and the given {@code seed}, so a run is as repeatable as the server
 * allows (vLLM honours both). Thread-safe.
 */
public final class UserLlm {
    /** The answer and the tokens the server says it used ({@code usage.total_tokens}; 0 if it does not say). */
    public record Completion(String text, int totalTokens) {
    }

    private final String base;
    private final String model;
    private final String key;
    private final Duration timeout;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    public UserLlm(String base, String model, String key, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.model = model;
        this.key = key;
        this.timeout = timeout;
    }

    public String describe() {
        return base + " model=" + model;
    }

    /**
     * One chat completion of {@code system} + {@code user}. Throws {@link EvalException} when the server
     * cannot be reached or answers anything but a 2xx with {@code choices[0].message.content}; the caller
     * falls back to the rule-based answer then.
     */
    public Completion complete(String system, String user, long seed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "system", "content", system), Map.of("role", "user", "content", user)));
        body.put("temperature", 0);
        body.put("seed", seed);
        body.put("max_tokens", 120);
        HttpRequest.Builder rb;
        try {
            rb = HttpRequest.newBuilder(URI.create(base + "/chat/completions")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Api.JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (key != null && !key.isBlank()) {
            rb.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r;
        try {
            r = client.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EvalException("user LLM " + base + ": " + e, EvalException.HTTP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted", EvalException.HTTP);
        }
        if (r.statusCode() / 100 != 2) {
            throw new EvalException("user LLM " + base + ": HTTP " + r.statusCode(), EvalException.HTTP);
        }
        JsonNode n;
        try {
            n = Api.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new EvalException("user LLM " + base + ": not JSON", EvalException.HTTP);
        }
        JsonNode content = n.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new EvalException("user LLM " + base + ": no choices[0].message.content", EvalException.HTTP);
        }
        return new Completion(content.asText(), n.path("usage").path("total_tokens").asInt(0));
    }
}
