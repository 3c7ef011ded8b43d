package dev.concierge.catalog;

import java.util.List;
import java.util.Map;

/**
 * One catalog entry as the rest of the service sees it: immutable, domain-neutral.
 * Attributes hold the domain's own facets (movies: genres, directors, writers, stars).
 * {@code canonicalId} is set on a duplicate row of the same real-world item and names the row we show instead.
 */
public record CatalogItem(String id, String domain, String name, String title, Integer year,
                          Map<String, List<String>> attributes, String canonicalId, int popularity) {

    public List<String> attribute(String key) {
        List<String> values = attributes == null ? null : attributes.get(key);
        return values == null ? List.of() : values;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDuplicate() {
        return canonicalId != null && !canonicalId.equals(id);
    }
}
