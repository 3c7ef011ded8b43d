package dev.concierge.catalog;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catalog search in PostgreSQL: full-text over title (weight A), people (B) and tags (C) with the 'simple'
 * configuration (names must not be stemmed), trigram similarity on the title for typos and exact-title
 * boosts, and popularity as a gentle tie-breaker. Only canonical rows are returned (see {@link CatalogDuplicates}).
 */
@ApplicationScoped
public class CatalogSearch {

    public record Query(String q, String domain, String genre, String person, Integer yearFrom, Integer yearTo,
                        int limit, int offset) {
    }

    public record Page(List<Item> items, long total) {
    }

    private static final String COLUMNS = "i.id, i.domain, i.name, i.title, i.year, i.attributes, i.canonical_id, i.popularity";

    private final Mutiny.SessionFactory sessions;
    private final io.vertx.mutiny.sqlclient.Pool pool;
    private final dev.concierge.platform.CpuPool cpu;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    CatalogSearch(Mutiny.SessionFactory sessions, io.vertx.mutiny.sqlclient.Pool pool, dev.concierge.platform.CpuPool cpu,
                  com.fasterxml.jackson.databind.ObjectMapper json) {
        this.sessions = sessions;
        this.pool = pool;
        this.cpu = cpu;
        this.json = json;
    }

    public Uni<Page> search(Query query) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        where.add("i.canonical_id = i.id");
        String from = "catalog_item i";
        String order = "i.popularity DESC, i.title, i.id";
        if (query.q() != null && !query.q().isBlank()) {
            from += ", websearch_to_tsquery('simple', :q) tsq";
            where.add("(i.search @@ tsq OR lower(i.title) % lower(:q))");
            order = "(ts_rank_cd(i.search, tsq, 1) + 0.6 * similarity(lower(i.title), lower(:q))"
                    + " + CASE WHEN lower(i.title) = lower(:q) THEN 0.5 ELSE 0 END"
                    + " + 0.03 * ln(1 + i.popularity)) DESC, i.popularity DESC, i.id";
            params.put("q", query.q().trim());
        }
        if (query.domain() != null) {
            where.add("i.domain = :domain");
            params.put("domain", query.domain());
        }
        if (query.genre() != null) {
            where.add("EXISTS (SELECT 1 FROM jsonb_array_elements_text(COALESCE(i.attributes->'genres', '[]'::jsonb)) g"
                    + " WHERE lower(g) = lower(:genre))");
            params.put("genre", query.genre().trim());
        }
        if (query.person() != null) {
            where.add("to_tsvector('simple', i.people) @@ phraseto_tsquery('simple', :person)");
            params.put("person", query.person().trim());
        }
        if (query.yearFrom() != null) {
            where.add("i.year >= :yearFrom");
            params.put("yearFrom", query.yearFrom());
        }
        if (query.yearTo() != null) {
            where.add("i.year <= :yearTo");
            params.put("yearTo", query.yearTo());
        }
        String whereSql = String.join(" AND ", where);
        String select = "SELECT " + COLUMNS + " FROM " + from + " WHERE " + whereSql + " ORDER BY " + order
                + " LIMIT " + query.limit() + " OFFSET " + query.offset();
        String count = "SELECT count(*) FROM " + from + " WHERE " + whereSql;
        return sessions.withSession(s -> {
            Mutiny.SelectionQuery<Item> items = s.createNativeQuery(select, Item.class);
            Mutiny.SelectionQuery<Long> total = s.createNativeQuery(count, Long.class);
            params.forEach((k, v) -> {
                items.setParameter(k, v);
                total.setParameter(k, v);
            });
            return items.getResultList().chain(list -> total.getSingleResult().map(n -> new Page(list, n)));
        });
    }

    public Uni<Item> byId(String id) {
        return sessions.withSession(s -> s.find(Item.class, id));
    }

    /**
     * Every row (canonical and duplicates), for the in-memory index the dialogue engine ranks with. Read with the
     * plain reactive client and mapped on the CPU pool: materialising 6,500 entities would stall the event loop.
     */
    public Uni<List<CatalogItem>> all() {
        return pool.query("SELECT id, domain, name, title, year, attributes::text, canonical_id, popularity FROM catalog_item ORDER BY id")
                .execute()
                .chain(rows -> cpu.run(() -> {
                    List<CatalogItem> out = new ArrayList<>(rows.size());
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        out.add(new CatalogItem(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getInteger(4), attributes(r.getString(5)), r.getString(6), r.getInteger(7)));
                    }
                    return out;
                }));
    }

    private Map<String, List<String>> attributes(String jsonText) {
        try {
            return json.readValue(jsonText, ATTRIBUTES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Bad attributes in catalog row: " + e.getOriginalMessage(), e);
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, List<String>>> ATTRIBUTES =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
}
