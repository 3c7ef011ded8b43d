package dev.concierge.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads PrefEval from its shared location (never copied into the repo), exactly as contract_client.py does. */
public final class PrefEvalData {
    public record Rec(String topic, String preference, String question) {
    }

    public record Msg(String role, String text) {
    }

    public static Path dataDir() {
        String p = System.getProperty("prefeval.dir", System.getenv().getOrDefault("PREFEVAL_DIR", "/work/shared/data/prefeval"));
        return Path.of(p);
    }

    public static boolean available() {
        return Files.isDirectory(dataDir().resolve("explicit_preference"));
    }

    /** All explicit records, files in sorted order (as glob + sorted in the client). */
    public static List<Rec> records() throws IOException {
        ObjectMapper om = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> s = Files.list(dataDir().resolve("explicit_preference"))) {
            files = s.filter(f -> f.toString().endsWith(".json")).sorted((a, b) -> a.getFileName().toString()
                    .compareTo(b.getFileName().toString())).toList();
        }
        List<Rec> out = new ArrayList<>();
        for (Path f : files) {
            String topic = f.getFileName().toString().replaceAll("\\.json$", "");
            for (JsonNode r : om.readTree(f.toFile())) out.add(new Rec(topic, r.get("preference").asText(), r.get("question").asText()));
        }
        return out;
    }

    /** Distractor user/assistant pairs (text cut at 3,900 chars), as inter_turns() in the client. */
    public static List<Msg[]> interTurns() throws IOException {
        ObjectMapper om = new ObjectMapper();
        JsonNode convs = om.readTree(dataDir().resolve("filtered_inter_turns.json").toFile());
        List<Msg> msgs = new ArrayList<>();
        for (JsonNode c : convs) {
            JsonNode conv = c.isObject() && c.has("conversation") ? c.get("conversation") : c;
            for (JsonNode m : conv) {
                String role = m.path("role").asText();
                String text = m.has("content") && !m.get("content").isNull() ? m.get("content").asText()
                        : m.path("text").asText("");
                if ((role.equals("user") || role.equals("assistant")) && !text.isEmpty()) {
                    msgs.add(new Msg(role, text.length() > 3900 ? text.substring(0, 3900) : text));
                }
            }
        }
        List<Msg[]> pairs = new ArrayList<>();
        int i = 0;
        while (i + 1 < msgs.size()) {
            if (msgs.get(i).role().equals("user") && msgs.get(i + 1).role().equals("assistant")) {
                pairs.add(new Msg[]{msgs.get(i), msgs.get(i + 1)});
                i += 2;
            } else {
                i++;
            }
        }
        return pairs;
    }
}
