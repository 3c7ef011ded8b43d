package dev.concierge.channel.ws;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Chat frames are small JSON (a token frame is ~50 bytes): compressing them costs a zlib stream per socket and CPU on
 * every frame (1-3% of the service's CPU samples at 200 conversations) to save a few bytes each. Vert.x offers two
 * compressions, per message and the older per frame ({@code deflate-frame}, which load-test clients and older
 * browsers ask for); websockets-next's configuration only turns off the first, so both are turned off here.
 */
@ApplicationScoped
public class NoFrameCompression implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customizeHttpServer(options);
    }
}
