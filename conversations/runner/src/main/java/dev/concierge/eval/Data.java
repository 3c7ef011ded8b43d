package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Loading of the shared data sets (shared/data/README.md); a missing path is a clear error. */
public final class Data {
    private Data() {
    }

    /** One explicit PrefEval record. */
    public record PrefRecord(String topic, String preference, String question) {
    }

    /** One ReDial recommendation turn. */
    public record Turn(String dialogId, int turnId, List<String> context, List<String> rec) {
    }

    public static Path requireDir(String path, String what) {
        Path p = Path.of(path);
        if (!Files.isDirectory(p)) {
            throw new EvalException(what + " not found: " + p.toAbsolutePath().normalize()
                + " (a directory; give its path as an option)", EvalException.DATA);
        }
        return p;
    }

    public static Path requireFile(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new EvalException(what + " not found: " + p.toAbsolutePath().normalize()
                + " (give its path as an option)", EvalException.DATA);
        }
        return p;
    }

    private static JsonNode readJson(Path p) {
        try {
            return Api.JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new EvalException("cannot read " + p + ": " + e.getMessage(), EvalException.DATA);
        }
    }

    /** Every record of {@code DIR/explicit_preference/*.json}, files sorted by name, topic = file stem. */
    public static List<PrefRecord> loadPrefeval(String dir) {
        Path ex = requireDir(dir, "PrefEval data").resolve("explicit_preference");
        if (!Files.isDirectory(ex)) {
            throw new EvalException("PrefEval data: no explicit_preference/ under "
                + Path.of(dir).toAbsolutePath().normalize(), EvalException.DATA);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(ex)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new EvalException("cannot list " + ex + ": " + e.getMessage(), EvalException.DATA);
        }
        if (files.isEmpty()) {
            throw new EvalException("PrefEval data: no *.json in " + ex.toAbsolutePath().normalize(), EvalException.DATA);
        }
        List<PrefRecord> recs = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String topic = name.substring(0, name.length() - 5);
            for (JsonNode r : readJson(f)) {
                recs.add(new PrefRecord(topic, r.path("preference").asText(), r.path("question").asText()));
            }
        }
        return recs;
    }

    /** The distractor pairs of {@code DIR/filtered_inter_turns.json} ({@link Protocol#interTurns}). */
    public static List<List<Protocol.Message>> loadInterTurns(String dir) {
        Path f = requireFile(requireDir(dir, "PrefEval data").resolve("filtered_inter_turns.json"), "PrefEval distractor turns");
        return Protocol.interTurns(readJson(f));
    }

    private static List<JsonNode> readJsonl(Path p) {
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(Api.JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new EvalException("cannot read " + p + ": " + e.getMessage(), EvalException.DATA);
        }
        return rows;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null && arr.isArray()) {
            arr.forEach(x -> out.add(x.isNull() ? "" : x.asText()));
        }
        return out;
    }

    /** recommendation_turns_valid.jsonl, in file order. */
    public static List<Turn> loadTurns(String path) {
        Path p = requireFile(Path.of(path), "ReDial turns file");
        List<Turn> out = new ArrayList<>();
        for (JsonNode r : readJsonl(p)) {
            out.add(new Turn(r.path("dialog_id").asText(), r.path("turn_id").asInt(),
                strings(r.get("context")), strings(r.get("rec"))));
        }
        return out;
    }

    /** movies.jsonl by name ("Title (Year)"); a later duplicate name wins, as in the reference client. */
    public static Map<String, JsonNode> loadMovies(String path) {
        Path p = requireFile(Path.of(path), "ReDial movies file");
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode r : readJsonl(p)) {
            out.put(r.path("name").asText(), r);
        }
        return out;
    }
}
