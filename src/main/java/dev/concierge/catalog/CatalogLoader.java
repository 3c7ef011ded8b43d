package dev.concierge.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates the schema and loads the configured JSONL catalog into PostgreSQL at start-up, idempotently:
 * rows are upserted by id, and a source whose checksum is already recorded is skipped entirely, so a
 * restart never duplicates items. Bulk writes go through the reactive SQL client (one pipelined batch)
 * rather than entity by entity; reads go through Hibernate Reactive ({@link Item}).
 */
@ApplicationScoped
public class CatalogLoader {

    private static final Logger LOG = Logger.getLogger(CatalogLoader.class);
    /** Attributes whose values are people (full-text weight B); everything else array-valued is a tag (C). */
    static final Set<String> PEOPLE = Set.of("directors", "writers", "stars", "cast", "authors", "artists", "chef");
    private static final Set<String> RESERVED = Set.of("id", "domain", "name", "title", "year");
    private static final int BATCH = 1000;

    public enum State { LOADING, READY, FAILED }

    private final Pool pool;
    private final CatalogConfig config;
    private final ObjectMapper mapper;
    private final String schema;
    private final AtomicReference<State> state = new AtomicReference<>(State.LOADING);
    private final java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
    private volatile String failure;
    private volatile int itemCount;

    CatalogLoader(Pool pool, CatalogConfig config, ObjectMapper mapper,
                  @ConfigProperty(name = "concierge.db.schema") String schema) {
        this.pool = pool;
        this.config = config;
        this.mapper = mapper;
        this.schema = schema;
    }

    void onStart(@Observes StartupEvent ev) {
        long t0 = System.nanoTime();
        ensureSchema()
                .chain(() -> config.loadOnStart() ? load(config.source()) : Uni.createFrom().item(-1))
                .subscribe().with(n -> {
                    state.set(State.READY);
                    ready.complete(null);
                    LOG.infof("Catalog ready (%s) in %d ms", n < 0 ? "load disabled" : n + " items from " + config.source(),
                            (System.nanoTime() - t0) / 1_000_000);
                }, e -> {
                    failure = e.getMessage();
                    state.set(State.FAILED);
                    ready.completeExceptionally(e);
                    LOG.error("Catalog load failed", e);
                });
    }

    /** Completes once the catalog is in PostgreSQL (or fails with the load). */
    public java.util.concurrent.CompletionStage<Void> whenReady() {
        return ready;
    }

    public State state() {
        return state.get();
    }

    public String failure() {
        return failure;
    }

    public int itemCount() {
        return itemCount;
    }

    /** Applies db/schema.sql in one transaction under an advisory lock. */
    public Uni<Void> ensureSchema() {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA IF NOT EXISTS " + quoteIdent(schema));
        statements.add("SET LOCAL search_path TO " + quoteIdent(schema) + ", public");
        for (String s : readResource("db/schema.sql").split("\n;\\s*(\n|$)")) {
            String sql = s.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n").trim();
            if (!sql.isEmpty()) {
                statements.add(sql);
            }
        }
        return pool.withTransaction(conn -> lock(conn).chain(() -> runAll(conn, statements, 0)));
    }

    /** Loads a JSONL source; returns the number of items in it. Skips the work when already loaded. */
    public Uni<Integer> load(String source) {
        return Uni.createFrom().item(() -> parse(source))
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .chain(parsed -> pool.withTransaction(conn -> lock(conn)
                        .chain(() -> conn.preparedQuery("SELECT checksum FROM catalog_source WHERE source = $1")
                                .execute(Tuple.of(source)))
                        .chain(rows -> {
                            String known = rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null;
                            if (parsed.checksum().equals(known)) {
                                LOG.infof("Catalog %s unchanged (checksum %s): skipping load", source, known);
                                return Uni.createFrom().voidItem();
                            }
                            return upsert(conn, parsed.rows(), 0)
                                    .chain(() -> conn.preparedQuery("INSERT INTO catalog_source(source, checksum, items) VALUES ($1,$2,$3) "
                                                    + "ON CONFLICT (source) DO UPDATE SET checksum = EXCLUDED.checksum, items = EXCLUDED.items, loaded_at = now()")
                                            .execute(Tuple.of(source, parsed.checksum(), parsed.rows().size())))
                                    .replaceWithVoid();
                        }))
                        .invoke(() -> itemCount = parsed.rows().size())
                        .replaceWith(parsed.rows().size()));
    }

    private Uni<Void> upsert(SqlConnection conn, List<Tuple> rows, int from) {
        if (from >= rows.size()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
        return conn.preparedQuery("""
                        INSERT INTO catalog_item (id, domain, name, title, year, attributes, canonical_id, popularity, people, tags)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (id) DO UPDATE SET domain = EXCLUDED.domain, name = EXCLUDED.name,
                          title = EXCLUDED.title, year = EXCLUDED.year, attributes = EXCLUDED.attributes,
                          canonical_id = EXCLUDED.canonical_id, popularity = EXCLUDED.popularity,
                          people = EXCLUDED.people, tags = EXCLUDED.tags""")
                .executeBatch(batch)
                .chain(() -> upsert(conn, rows, from + BATCH));
    }

    record Parsed(List<Tuple> rows, String checksum) {
    }

    /** Reads and validates the JSONL file; CPU and file work, so it runs on a worker thread. */
    Parsed parse(String source) {
        try (InputStream in = open(source)) {
            byte[] bytes = in.readAllBytes();
            String checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    + "/" + popularitySignature() + "/dup-rule-2";
            Map<String, Integer> popularity = readPopularity();
            List<CatalogItem> items = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            int lineNo = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    CatalogItem item = toItem(mapper.readTree(line), lineNo, popularity);
                    if (seen.put(item.id(), lineNo) != null) {
                        throw new IllegalArgumentException(source + " line " + lineNo + ": duplicate id " + item.id());
                    }
                    items.add(item);
                }
            }
            Map<String, String> canonical = canonicalIds(items, popularity);
            List<Tuple> rows = new ArrayList<>(items.size());
            for (CatalogItem it : items) {
                StringBuilder people = new StringBuilder();
                StringBuilder tags = new StringBuilder();
                it.attributes().forEach((k, vs) -> {
                    if (k.equals(config.identityAttribute())) {
                        return;
                    }
                    StringBuilder target = PEOPLE.contains(k) ? people : tags;
                    vs.forEach(v -> target.append(v).append(" | "));
                });
                rows.add(Tuple.from(List.of(it.id(), it.domain(), it.name(), it.title()))
                        .addInteger(it.year())
                        .addValue(JsonObject.mapFrom(it.attributes()))
                        .addString(canonical.get(it.id()))
                        .addInteger(it.popularity())
                        .addString(people.toString())
                        .addString(tags.toString()));
            }
            return new Parsed(rows, checksum);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read catalog " + source, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Duplicate rows of one film (see {@link CatalogDuplicates}): same identity attribute
     * (IMDb id) and the same title, or a yearless short title of the other ("Anchorman" / "Anchorman: The Legend
     * of Ron Burgundy (2004)"); the most mentioned spelling is the canonical row.
     */
    private Map<String, String> canonicalIds(List<CatalogItem> items, Map<String, Integer> popularity) {
        List<CatalogDuplicates.Row> rows = new ArrayList<>(items.size());
        for (CatalogItem it : items) {
            List<String> identity = it.attribute(config.identityAttribute());
            rows.add(new CatalogDuplicates.Row(it.id(), it.name(), it.title(), it.year(),
                    identity.isEmpty() ? null : identity.get(0)));
        }
        return CatalogDuplicates.canonicalIds(rows, popularity);
    }

    private CatalogItem toItem(JsonNode n, int lineNo, Map<String, Integer> popularity) {
        String id = text(n, "id");
        String title = text(n, "title");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("catalog line " + lineNo + ": missing id");
        }
        if (title == null || title.isBlank()) {
            title = text(n, "name");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("catalog line " + lineNo + ": missing title and name");
        }
        Integer year = n.hasNonNull("year") && n.get("year").canConvertToInt() ? n.get("year").asInt() : null;
        String name = text(n, "name");
        if (name == null || name.isBlank()) {
            name = year == null ? title : title + " (" + year + ")";
        }
        String domain = text(n, "domain");
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (RESERVED.contains(f.getKey()) || f.getValue().isNull()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(v -> {
                    if (v.isValueNode() && !v.asText().isBlank()) {
                        values.add(v.asText().trim());
                    }
                });
            } else if (f.getValue().isValueNode()) {
                values.add(f.getValue().asText());
            }
            attributes.put(f.getKey(), values);
        }
        return new CatalogItem(id.trim(), domain == null || domain.isBlank() ? config.domain() : domain, name.trim(),
                title.trim(), year, attributes, null, popularity.getOrDefault(id.trim(), 0));
    }

    private Map<String, Integer> readPopularity() throws IOException {
        Map<String, Integer> counts = new java.util.HashMap<>();
        if (config.popularity().isEmpty()) {
            return counts;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(config.popularity().get()), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] parts = line.split("\t");
                if (parts.length >= 2 && !line.startsWith("#")) {
                    try {
                        counts.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
                    } catch (NumberFormatException ignored) {
                        // header or comment line
                    }
                }
            }
        }
        return counts;
    }

    private String popularitySignature() {
        return config.popularity().map(p -> {
            try (InputStream in = open(p)) {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()), 0, 8);
            } catch (Exception e) {
                return "none";
            }
        }).orElse("none");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static InputStream open(String source) throws IOException {
        if (source.startsWith("classpath:")) {
            String path = source.substring("classpath:".length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
            if (in == null) {
                throw new IOException("No classpath resource " + path);
            }
            return in;
        }
        return Files.newInputStream(Path.of(source));
    }

    private static String readResource(String path) {
        try (InputStream in = open("classpath:" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Uni<Void> lock(SqlConnection conn) {
        return conn.query("SELECT pg_advisory_xact_lock(hashtext('concierge-schema'))").execute().replaceWithVoid();
    }

    private static Uni<Void> runAll(SqlConnection conn, List<String> statements, int i) {
        if (i >= statements.size()) {
            return Uni.createFrom().voidItem();
        }
        return conn.query(statements.get(i)).execute().chain(() -> runAll(conn, statements, i + 1));
    }

    static String quoteIdent(String ident) {
        if (!ident.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Invalid schema name: " + ident);
        }
        return ident;
    }
}
