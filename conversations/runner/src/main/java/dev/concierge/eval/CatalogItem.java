package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A catalog item as {@code GET /api/v1/catalog/items/{id}} returns it (only what the evaluation needs). */
public record CatalogItem(String id, String name, Integer year, List<String> genres, List<String> stars, List<String> directors) {

    public static CatalogItem of(JsonNode n) {
        JsonNode a = n.path("attributes");
        return new CatalogItem(n.path("id").asText(), n.path("name").asText(null),
            n.hasNonNull("year") ? n.get("year").asInt() : null,
            Scenario.strings(a.path("genres")), Scenario.strings(a.path("stars")), Scenario.strings(a.path("directors")));
    }
}
