package dev.concierge.dialogue;

import dev.concierge.catalog.CatalogDuplicates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concierge.catalog.CatalogItem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the ReDial movies file (JSON lines: id, name, title, year, genres, directors, writers, stars, imdbId)
 * and the popularity TSV (id TAB count) from streams. No file system access: the caller opens the streams.
 */
public final class RedialMovies {

    public static final String DOMAIN = "movies";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedialMovies() {
    }

    /** A raw movie row, before duplicates are resolved. */
    public record MovieRow(String id, String name, String title, Integer year, List<String> genres,
                           List<String> directors, List<String> writers, List<String> stars, String imdbId) {
        public CatalogDuplicates.Row dupRow() {
            return new CatalogDuplicates.Row(id, name, title, year, imdbId);
        }
    }

    public static List<MovieRow> readRows(InputStream in) {
        List<MovieRow> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                rows.add(new MovieRow(n.path("id").asText(), n.path("name").asText(), n.path("title").asText(null),
                        n.hasNonNull("year") ? n.get("year").asInt() : null, list(n, "genres"), list(n, "directors"),
                        list(n, "writers"), list(n, "stars"), n.path("imdbId").asText(null)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static List<String> list(JsonNode n, String f) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : n.path(f)) {
            out.add(x.asText());
        }
        return out;
    }

    /** Reads "id TAB count" lines ('#' comments allowed). */
    public static Map<String, Integer> readCounts(InputStream in) {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split("\t");
                out.put(p[0], Integer.parseInt(p[1].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Rows -&gt; CatalogItems with canonicalId from {@link CatalogDuplicates} and popularity from the counts. */
    public static List<CatalogItem> toItems(List<MovieRow> rows, Map<String, Integer> popularity) {
        Map<String, Integer> pop = popularity == null ? Map.of() : popularity;
        Map<String, String> canonical = CatalogDuplicates.canonicalIds(rows.stream().map(MovieRow::dupRow).toList(), pop);
        List<CatalogItem> items = new ArrayList<>(rows.size());
        for (MovieRow m : rows) {
            Map<String, List<String>> attrs = new LinkedHashMap<>();
            attrs.put("genres", List.copyOf(m.genres()));
            attrs.put("directors", List.copyOf(m.directors()));
            attrs.put("writers", List.copyOf(m.writers()));
            attrs.put("stars", List.copyOf(m.stars()));
            items.add(new CatalogItem(m.id(), DOMAIN, m.name(), m.title(), m.year(), attrs,
                    canonical.getOrDefault(m.id(), m.id()), pop.getOrDefault(m.id(), 0)));
        }
        return items;
    }

    public static List<CatalogItem> load(InputStream movies, Map<String, Integer> popularity) {
        return toItems(readRows(movies), popularity);
    }
}
