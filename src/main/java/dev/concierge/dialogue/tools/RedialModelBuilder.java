package dev.concierge.dialogue.tools;

import dev.concierge.dialogue.RedialMovies;
import dev.concierge.dialogue.CooccurrenceModel;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Builds the co-occurrence / popularity resources from raw ReDial dialogues.
 *
 * <pre>
 * ./mvnw -B -q compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *   -Dexec.mainClass=dev.concierge.dialogue.tools.RedialModelBuilder \
 *   -Dexec.args="--dialogues ../shared/data/redial/dialogues_valid_raw.jsonl --movies src/main/resources/catalog/redial-movies.jsonl --out src/main/resources/catalog --split all"
 * </pre>
 * {@code --split all|even|odd} keeps only dialogues whose numeric id has that parity (for held-out evaluation).
 * Writes {@code redial-cooccurrence.tsv} (P/C/D lines, see {@link CooccurrenceModel}) and
 * {@code redial-popularity.tsv} (id TAB number of dialogues that mention the movie; movies never mentioned omitted).
 */
public final class RedialModelBuilder {

    private RedialModelBuilder() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dialogues = Path.of(opt.getOrDefault("dialogues", "../shared/data/redial/dialogues_valid_raw.jsonl"));
        Path movies = Path.of(opt.getOrDefault("movies", "src/main/resources/catalog/redial-movies.jsonl"));
        Path out = Path.of(opt.getOrDefault("out", "src/main/resources/catalog"));
        String split = opt.getOrDefault("split", "all");
        for (Path p : new Path[]{dialogues, movies}) {
            if (!Files.isRegularFile(p)) {
                System.err.println("missing input: " + p.toAbsolutePath());
                System.exit(2);
            }
        }
        Set<String> ids;
        try (InputStream in = new FileInputStream(movies.toFile())) {
            ids = RedialMovies.readRows(in).stream().map(RedialMovies.MovieRow::id).collect(Collectors.toSet());
        }
        Predicate<String> include = switch (split) {
            case "even" -> id -> Long.parseLong(id) % 2 == 0;
            case "odd" -> id -> Long.parseLong(id) % 2 != 0;
            default -> id -> true;
        };
        CooccurrenceModel model;
        try (InputStream in = new FileInputStream(dialogues.toFile())) {
            model = CooccurrenceModel.learn(in, include, ids::contains);
        }
        Files.createDirectories(out);
        String source = "learned from " + model.dialogues() + " ReDial dialogues (" + dialogues.getFileName()
                + ", split=" + split + "); ReDial, CC BY 4.0";
        try (Writer w = Files.newBufferedWriter(out.resolve("redial-cooccurrence.tsv"), StandardCharsets.UTF_8)) {
            model.write(w, "Concierge item co-occurrence, " + source
                    + "\nP id mentions recommended | C idA idB dialogues-with-both | D idFrom idTo recommended-after");
        }
        TreeMap<String, Integer> pop = new TreeMap<>(model.mentionCounts());
        try (Writer w = Files.newBufferedWriter(out.resolve("redial-popularity.tsv"), StandardCharsets.UTF_8)) {
            w.write("# id<TAB>number of dialogues mentioning the movie, " + source + "\n");
            for (Map.Entry<String, Integer> e : pop.entrySet()) {
                w.write(e.getKey() + "\t" + e.getValue() + "\n");
            }
        }
        System.out.println("wrote " + out.resolve("redial-cooccurrence.tsv") + " and " + out.resolve("redial-popularity.tsv")
                + " (" + pop.size() + " movies, " + model.dialogues() + " dialogues)");
    }
}
