package dev.concierge.catalog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The source lists some films twice ("Star Wars" and "Star Wars (1977)", both tt0076759) because ReDial
 * users typed them differently. Two rows are one item when they share the identity attribute (IMDb id)
 * AND their normalized titles are equal: the IMDb id alone is not trusted, since the source also gives
 * "Spider (2007)" and "Spider-Man 3 (2007)" one id. The canonical row is the one people mention most
 * (popularity), then the one that carries a year, then the smallest id. Every row keeps its id, so a
 * mention of either spelling resolves, but search and recommendations only show the canonical row.
 */
public final class DuplicateRule {

    private DuplicateRule() {
    }

    /** Row id to the id of its canonical row (itself for rows without duplicates). */
    public static Map<String, String> canonicalIds(List<CatalogItem> rows, String identityAttribute) {
        Map<String, List<CatalogItem>> groups = new HashMap<>();
        Map<String, String> result = new HashMap<>();
        for (CatalogItem row : rows) {
            result.put(row.id(), row.id());
            List<String> identity = row.attribute(identityAttribute);
            if (identity.isEmpty() || identity.get(0).isBlank()) {
                continue;
            }
            String key = row.domain() + "|" + identity.get(0) + "|" + normalizeTitle(row.title());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        Comparator<CatalogItem> preference = Comparator
                .comparingInt(CatalogItem::popularity).reversed()
                .thenComparing(r -> r.year() == null ? 1 : 0)
                .thenComparing(CatalogItem::id);
        for (List<CatalogItem> group : groups.values()) {
            if (group.size() < 2) {
                continue;
            }
            String canonical = group.stream().min(preference).orElseThrow().id();
            group.forEach(r -> result.put(r.id(), canonical));
        }
        return result;
    }

    static String normalizeTitle(String title) {
        String t = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replace("&", " and ");
        return t.replaceAll("[^a-z0-9]+", " ").trim();
    }
}
