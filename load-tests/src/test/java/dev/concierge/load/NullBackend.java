package dev.concierge.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The load harness's floor: a backend that does nothing but wait. It speaks just enough of Concierge's API for
 * {@link WsConversationSimulation} (dev token, {@code /q/health/live}, the chat socket) and answers every
 * {@code user_message} after exactly the fake LLM's nominal time per turn (1,060 ms by default), with a started
 * frame at once and token frames in between, like the service. No Redis, no PostgreSQL, no LLM, two event loops.
 * Whatever overhead Gatling measures against it is the harness's and the machine's, not a backend's.
 * <pre>
 * java -cp "$(cat target/test-classpath.txt):target/test-classes" dev.concierge.load.NullBackend --port 8181 --turn-ms 1060
 * </pre>
 * ({@code scripts/floor.sh} builds the class path, starts it and runs the WebSocket measurement against it.)
 */
public final class NullBackend {

    public static void main(String[] args) throws Exception {
        int port = 8181;
        long turnMs = 1060;
        int tokens = 15;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--turn-ms" -> turnMs = Long.parseLong(args[i + 1]);
                case "--token-frames" -> tokens = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // Netty logs every handshake at debug level, and logback's default is debug: that would be CPU of its own
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        long turn = turnMs;
        int frames = tokens;
        NioEventLoopGroup loops = new NioEventLoopGroup(2);
        new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws/chat", null, false, 65536, false, true),
                                new Http(), new Chat(turn, frames));
                    }
                }).bind("127.0.0.1", port).sync();
        System.out.printf("null backend on http://127.0.0.1:%d: a turn takes %d ms, %d token frames%n", port, turnMs, tokens);
    }

    /** The two HTTP requests the simulation makes besides the socket. */
    private static final class Http extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String body = req.uri().startsWith("/api/v1/dev/token") ? "{\"token\":\"null-backend\"}"
                    : req.uri().startsWith("/q/health/live") ? "{\"status\":\"UP\",\"checks\":[]}" : null;
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    body == null ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(res, res.content().readableBytes());
            HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
            ctx.writeAndFlush(res);
        }
    }

    /** A turn: started at once, token frames over the reply's time, the turn frame at exactly {@code turnMs}. */
    private static final class Chat extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final long turnMs;
        private final int tokens;
        private int turns;

        Chat(long turnMs, int tokens) {
            this.turnMs = turnMs;
            this.tokens = tokens;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            long t0 = System.nanoTime();
            String cid = "c_null";
            String mid = "m_" + (++turns);
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"started\",\"conversationId\":\"" + cid
                    + "\",\"messageId\":\"" + mid + "\"}"));
            long first = turnMs * 280 / 1060;
            for (int i = 0; i < tokens; i++) {
                long at = first + (turnMs - first) * i / Math.max(1, tokens);
                ctx.executor().schedule(() -> ctx.writeAndFlush(new TextWebSocketFrame(
                        "{\"type\":\"token\",\"text\":\"some words of a reply \"}")), at, TimeUnit.MILLISECONDS);
            }
            long left = TimeUnit.MILLISECONDS.toNanos(turnMs) - (System.nanoTime() - t0);
            // the conversation's teaching turn reports one learned instruction, as the service does, so the
            // simulation's checks hold against the floor too
            String learned = turns == WsConversationSimulation.LEARNS + 1
                    ? "[{\"id\":\"in_null\",\"text\":\"no horror\"}]" : "[]";
            ctx.executor().schedule(() -> ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"turn\",\"turn\":{"
                    + "\"messageId\":\"" + mid + "\",\"conversationId\":\"" + cid + "\",\"act\":\"clarify\","
                    + "\"text\":\"What kind of film?\",\"recommendations\":[],\"learned\":" + learned
                    + ",\"degraded\":false}}")), left, TimeUnit.NANOSECONDS);
        }
    }
}
