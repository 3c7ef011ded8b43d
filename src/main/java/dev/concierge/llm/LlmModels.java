package dev.concierge.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * LangChain4j's OpenAI chat models (any OpenAI-compatible server: vLLM, TGI, llama.cpp, Ollama) over keep-alive
 * connections on the service's Vert.x, a pool per event loop ({@link VertxLlmHttpClient}). Configured by
 * {@code concierge.llm.*} ({@link LlmConfig}); built even when the LLM is off, and then never called.
 */
@ApplicationScoped
public class LlmModels {

    private final LlmConfig config;
    private final VertxLlmHttpClient.Pools pools;

    LlmModels(LlmConfig config, Vertx vertx) {
        this.config = config;
        this.pools = new VertxLlmHttpClient.Pools(vertx, config.httpTimeout(), config.maxConnections());
    }

    /** Replies and extraction: streamed, so nothing waits on a thread while the model writes. */
    @Produces
    @ApplicationScoped
    StreamingChatModel streaming() {
        return OpenAiStreamingChatModel.builder().httpClientBuilder(new VertxLlmHttpClient.Builder(pools))
                .baseUrl(config.baseUrl()).apiKey(apiKey()).defaultRequestParameters(parameters())
                .timeout(config.httpTimeout()).build();
    }

    /** The rare non-streamed call (repairing a malformed reply), made from a worker thread. */
    @Produces
    @ApplicationScoped
    ChatModel blocking() {
        return OpenAiChatModel.builder().httpClientBuilder(new VertxLlmHttpClient.Builder(pools))
                .baseUrl(config.baseUrl()).apiKey(apiKey()).defaultRequestParameters(parameters())
                .timeout(config.httpTimeout()).build();
    }

    /** Model, temperature and answer length of every call (the two builders share no type, their parameters do). */
    private ChatRequestParameters parameters() {
        return DefaultChatRequestParameters.builder().modelName(config.model()).temperature(config.temperature())
                .maxOutputTokens(config.maxTokens()).build();
    }

    private String apiKey() {
        return config.apiKey().filter(k -> !k.isBlank()).orElse(null);
    }

    @PreDestroy
    void close() {
        pools.close();
    }
}
