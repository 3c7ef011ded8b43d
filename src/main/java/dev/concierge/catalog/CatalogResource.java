package dev.concierge.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.concierge.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** The public catalog: text search with filters, and items by id. No token needed. */
@Path("/api/v1/catalog/items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog")
public class CatalogResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemView(String id, String domain, String name, String title, Integer year,
                           Map<String, List<String>> attributes, String canonicalId) {
        static ItemView of(Item i) {
            return new ItemView(i.id, i.domain, i.name, i.title, i.year, i.attributes,
                    i.canonicalId == null || i.canonicalId.equals(i.id) ? null : i.canonicalId);
        }
    }

    public record PageView(List<ItemView> items, long total, int limit, int offset) {
    }

    private final CatalogSearch search;
    private final CatalogConfig config;

    CatalogResource(CatalogSearch search, CatalogConfig config) {
        this.search = search;
        this.config = config;
    }

    @GET
    @Operation(summary = "Search the catalog", description = "Full-text over titles and people (directors, writers, stars) "
            + "and tags (genres); filters are case-insensitive; results best first.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "page", value = "{\"items\":[{\"id\":\"111776\",\"domain\":\"movies\",\"name\":\"The Shining (1980)\",\"title\":\"The Shining\",\"year\":1980,\"attributes\":{\"genres\":[\"drama\",\"horror\"],\"directors\":[\"Stanley Kubrick\"],\"stars\":[\"Jack Nicholson\",\"Shelley Duvall\",\"Danny Lloyd\"]}}],\"total\":3,\"limit\":20,\"offset\":0}")))
    @APIResponse(responseCode = "400", description = "A parameter is malformed or out of range (the detail names it)")
    public Uni<PageView> search(@QueryParam("q") @Parameter(description = "free text, e.g. 'nicholson horror'") String q,
                                @QueryParam("domain") String domain,
                                @QueryParam("genre") String genre,
                                @QueryParam("person") @Parameter(description = "a director, writer or star") String person,
                                @QueryParam("yearFrom") String yearFrom,
                                @QueryParam("yearTo") String yearTo,
                                @QueryParam("limit") String limit,
                                @QueryParam("offset") String offset) {
        int lim = intParam("limit", limit, 20, 1, config.maxPageSize());
        int off = intParam("offset", offset, 0, 0, 10_000);
        Integer from = yearFrom == null ? null : intParam("yearFrom", yearFrom, 0, 1800, 2200);
        Integer to = yearTo == null ? null : intParam("yearTo", yearTo, 0, 1800, 2200);
        if (from != null && to != null && from > to) {
            throw ApiException.badRequest("yearFrom", "yearFrom (" + from + ") must not be after yearTo (" + to + ")");
        }
        CatalogSearch.Query query = new CatalogSearch.Query(text("q", q, 200), text("domain", domain, 50),
                text("genre", genre, 50), text("person", person, 100), from, to, lim, off);
        return search.search(query).map(p -> new PageView(p.items().stream().map(ItemView::of).toList(), p.total(), lim, off));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One catalog item")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "item", value = "{\"id\":\"111776\",\"domain\":\"movies\",\"name\":\"The Shining (1980)\",\"title\":\"The Shining\",\"year\":1980,\"attributes\":{\"genres\":[\"drama\",\"horror\"],\"directors\":[\"Stanley Kubrick\"],\"stars\":[\"Jack Nicholson\",\"Shelley Duvall\",\"Danny Lloyd\"]}}")))
    @APIResponse(responseCode = "404", description = "No such item")
    public Uni<ItemView> byId(@PathParam("id") String id) {
        if (id.length() > 100) {
            throw ApiException.badRequest("id", "id is longer than 100 characters");
        }
        return search.byId(id).map(item -> {
            if (item == null) {
                throw ApiException.notFound("No catalog item with id " + id);
            }
            return ItemView.of(item);
        });
    }

    static int intParam(String name, String raw, int dflt, int min, int max) {
        return dev.concierge.error.Params.intParam(name, raw, dflt, min, max);
    }

    static String text(String name, String raw, int max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > max) {
            throw ApiException.badRequest(name, name + " is longer than " + max + " characters");
        }
        return raw;
    }
}
