package dev.concierge.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Users who come back with standing instructions: creates {@code --users} users with {@code --instructions} each through
 * the public API ({@code POST /api/v1/me/instructions}, as a client would), before a measured run, and writes their ids,
 * one per line, to {@code --out}. {@code WsConversationSimulation -DusersFile=...} then holds its conversations as these
 * users, so every turn retrieves from a profile of that size. User k holds the texts k, k+1, ... of {@link #TEXTS}
 * (mixed domains, none about the conversation's horror, none contradicting another), so profiles differ.
 * JDK only: {@code java load-tests/src/main/java/dev/concierge/load/StandingUsers.java --users 400 --instructions 20
 * [--out target/standing-users.txt] [--parallel 4] [--base-url http://127.0.0.1:8181]} (loopback only). Fails when any
 * request is not answered as it should be (200 for the token, 201 for each instruction: none may be a duplicate).
 */
public final class StandingUsers {

    static final String[] TEXTS = {
            "I'm vegetarian", "No musicals, please", "When I book concert tickets, also look for a hotel nearby",
            "I prefer films released after 1985", "Keep restaurant suggestions under 30 euros a person",
            "I love science fiction novels", "I like window seats on flights", "No westerns",
            "When I travel for work, book hotels near the train station", "I'm allergic to peanuts",
            "I prefer indie rock to pop", "Subtitles are fine, I like foreign films", "I don't drink alcohol",
            "When I go to the theatre, suggest a restaurant for after the show", "I like long historical novels",
            "Avoid red-eye flights", "I enjoy documentaries about nature", "I prefer quiet restaurants",
            "When it rains, suggest something to do indoors", "I like jazz and soul", "Gluten-free options only",
            "I enjoy films by Christopher Nolan", "I prefer aisle seats at concerts", "No fast food",
            "When I book a hotel, I want free breakfast", "I like board games with friends", "I read mostly crime fiction",
            "I prefer hotels with a gym", "I like Italian and Japanese food", "Films under two hours, please",
            "When I fly long haul, I want extra legroom", "I like classical music concerts", "I don't eat pork",
            "I enjoy animated films", "I prefer boutique hotels to chains", "I like spicy food",
            "When I visit a new city, suggest a walking tour", "I enjoy poetry", "No reality TV",
            "I like stand-up comedy shows", "I prefer trains to planes for short trips", "I like biographies of scientists",
            "When I order dinner, I want it delivered before 8 pm", "I like outdoor seating", "I enjoy heist films",
            "I prefer non-smoking rooms", "I like electronic music festivals", "I enjoy cooking shows",
            "When I go hiking, suggest a place to eat nearby", "I like films with strong female leads",
    };

    public static void main(String[] args) throws Exception {
        int users = 400;
        int instructions = 20;
        int parallel = 4;
        Path out = Path.of("target/standing-users.txt");
        String base = "http://127.0.0.1:8181";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--instructions" -> instructions = Integer.parseInt(args[i + 1]);
                case "--parallel" -> parallel = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--base-url" -> base = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (instructions < 1 || instructions > TEXTS.length) {
            throw new IllegalArgumentException("--instructions must be 1-" + TEXTS.length);
        }
        String host = URI.create(base).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        HttpClient http = HttpClient.newHttpClient();
        String run = Long.toString(System.currentTimeMillis(), 36);
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int k = 0; k < users; k++) {
                String user = "standing-" + run + "-" + k;
                int first = k;
                int n = instructions;
                String b = base;
                made.add(pool.submit(() -> provision(http, b, user, first, n)));
            }
            for (Future<String> f : made) {
                ids.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, ids);
        System.out.printf("%d users with %d standing instructions each in %.1f s -> %s%n", users, instructions,
                (System.nanoTime() - start) / 1e9, out);
    }

    private static String provision(HttpClient http, String base, String user, int first, int n)
            throws IOException, InterruptedException {
        String token = send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/token")), "{\"userId\":\"" + user + "\"}", 200)
                .replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        for (int j = 0; j < n; j++) {
            send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/me/instructions")).header("authorization", "Bearer " + token),
                    "{\"text\":\"" + TEXTS[(first + j) % TEXTS.length] + "\"}", 201);
        }
        return user;
    }

    private static String send(HttpClient http, HttpRequest.Builder req, String json, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(req.header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(req.build().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
