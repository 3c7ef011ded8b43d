package dev.concierge.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket turn at a time, so that a packet capture of the service's ports reads as one turn's timeline
 * ({@code scripts/timeline.sh}). The messages of {@code WsConversationSimulation} (kept here, it reads them), a new user
 * per conversation.
 * Prints each turn's latency minus the fake LLM's nominal 1,060 ms. JDK only:
 * {@code java load-tests/src/main/java/dev/concierge/load/OneTurnAtATime.java [--conversations 30] [--pause-ms 150]
 * [--base-url http://127.0.0.1:8181]} (loopback only).
 */
public final class OneTurnAtATime {

    /** A conversation's five messages, the load simulations' too: clarify, recommendations, a preference, more. */
    static final String[] MESSAGES = {"I'd like a movie for tonight", "a comedy please", "something from the 90s with Jim Carrey",
            "no horror please, I hate horror", "another one like that"};
    static final double NOMINAL_MS = 1060;

    public static void main(String[] args) throws Exception {
        int conversations = 30;
        long pauseMs = 150;
        String base = "http://127.0.0.1:8181";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--conversations" -> conversations = Integer.parseInt(args[i + 1]);
                case "--pause-ms" -> pauseMs = Long.parseLong(args[i + 1]);
                case "--base-url" -> base = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String host = URI.create(base).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        HttpClient http = HttpClient.newHttpClient();
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int c = 0; c < conversations; c++) {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/token"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"timeline-" + run + "-" + c + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String token = body.replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws/chat?access_token=" + token), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                frames.add(partial.toString());
                                partial.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            String cid = null;
            for (int i = 0; i < MESSAGES.length; i++) {
                String msg = "{\"type\":\"user_message\"," + (cid != null ? "\"conversationId\":\"" + cid + "\"," : "")
                        + "\"clientMessageId\":\"k" + (i + 1) + "\",\"text\":\"" + MESSAGES[i] + "\"}";
                long t0 = System.nanoTime();
                ws.sendText(msg, true).get(10, TimeUnit.SECONDS);
                String f;
                do {
                    f = frames.poll(30, TimeUnit.SECONDS);
                } while (f != null && !f.contains("\"type\":\"turn\"") && !f.contains("\"type\":\"error\""));
                double overMs = (System.nanoTime() - t0) / 1e6 - NOMINAL_MS;
                if (f == null || f.contains("\"type\":\"error\"")) {
                    System.out.println("turn " + (i + 1) + " failed: " + f);
                    continue;
                }
                if (cid == null) {
                    cid = f.replaceAll("(?s).*\"conversationId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                }
                System.out.printf("turn %d over %.2f ms%n", i + 1, overMs);
                Thread.sleep(pauseMs);
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }
    }
}
