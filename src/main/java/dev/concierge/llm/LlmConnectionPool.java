package dev.concierge.llm;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * quarkus-langchain4j builds its OpenAI REST clients in code, so they get the REST client's default pool of 50
 * connections each, and configuration keys do not reach them: under load at most 100 LLM calls (reply +
 * extraction clients) were ever in flight and every other turn queued for a connection (load-tests/README.md).
 * This listener, called by the REST client for every client it builds, gives the OpenAI ones
 * {@code concierge.llm.max-connections} instead. Registered in META-INF/services.
 */
public class LlmConnectionPool implements RestClientListener {

    static final String KEY = "concierge.llm.max-connections";
    static final int DEFAULT = 1024;

    @Override
    public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
        if (serviceInterface.getName().startsWith("io.quarkiverse.langchain4j.openai")) {
            int size = ConfigProvider.getConfig().getOptionalValue(KEY, Integer.class).orElse(DEFAULT);
            builder.property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, size);
        }
    }
}
