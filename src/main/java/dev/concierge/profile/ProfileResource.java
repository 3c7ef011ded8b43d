package dev.concierge.profile;

import dev.concierge.error.ApiException;
import dev.concierge.error.Params;
import dev.concierge.profile.retrieval.Scored;
import dev.concierge.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.regex.Pattern;

/** The user's standing instructions and learned preferences (contract: "Standing instructions"). */
@Path("/api/v1/me/instructions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "instructions")
@SecurityRequirement(name = "jwt")
public class ProfileResource {

    public record InstructionRequest(String text, String domain) {
    }

    public record SearchRequest(String query, Integer k, String domain) {
    }

    public record SearchHit(Instruction instruction, double score, boolean applies, String why) {
        static SearchHit of(Scored s) {
            return new SearchHit(s.instruction(), Math.round(s.score() * 10_000) / 10_000.0, s.applies(), s.why());
        }
    }

    public record ExtractRequest(List<ProfileService.Message> messages, String conversationId) {
    }


    private final ProfileService profiles;
    private final ProfileConfig config;
    private final CurrentUser user;

    ProfileResource(ProfileService profiles, ProfileConfig config, CurrentUser user) {
        this.profiles = profiles;
        this.config = config;
        this.user = user;
    }

    @GET
    @Operation(summary = "My instructions", description = "status=active (default) or all (also superseded and deleted)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "active", value = "[{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror movies, please\",\"origin\":\"stated\",\"domain\":\"movies\",\"polarity\":\"avoid\",\"status\":\"active\",\"version\":1,\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:32:01Z\"}]")))
    public Uni<List<Instruction>> list(@QueryParam("status") String status, @QueryParam("domain") String domain) {
        boolean all = switch (status == null ? "active" : status) {
            case "active" -> false;
            case "all" -> true;
            default -> throw ApiException.badRequest("status", "status must be 'active' or 'all'");
        };
        return profiles.list(user.id(), all, domain(domain));
    }

    @POST
    @Operation(summary = "State an instruction", description = "201 with Location; saying the same thing again returns the existing one with 200")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "409", description = "The active-instruction limit is reached")
    @APIResponse(responseCode = "413", description = "text is longer than the limit")
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "stated", value = "{\"text\":\"No horror movies, please\",\"domain\":\"movies\"}"))) InstructionRequest body, @Context UriInfo uri) {
        InstructionRequest req = require(body);
        return profiles.create(user.id(), req.text(), domain(req.domain())).map(c -> Response
                .status(c.created() ? 201 : 200)
                .location(uri.getAbsolutePathBuilder().path(c.instruction().id()).build())
                .entity(c.instruction()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One instruction")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "one", value = "{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror movies, please\",\"origin\":\"stated\",\"domain\":\"movies\",\"polarity\":\"avoid\",\"status\":\"active\",\"version\":1,\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:32:01Z\"}")))
    @APIResponse(responseCode = "404", description = "No such instruction of mine")
    public Uni<Instruction> get(@PathParam("id") String id) {
        return profiles.get(user.id(), id);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change an instruction", description = "Writes a new version; the old one stays in history")
    public Uni<Instruction> update(@PathParam("id") String id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "changed", value = "{\"text\":\"No horror and no gore\"}"))) InstructionRequest body) {
        InstructionRequest req = require(body);
        return profiles.update(user.id(), id, req.text(), domain(req.domain()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an instruction")
    @APIResponse(responseCode = "204", description = "Deleted (kept in history)")
    @APIResponse(responseCode = "404", description = "No such active instruction of mine")
    public Uni<Response> delete(@PathParam("id") String id) {
        return profiles.delete(user.id(), id).map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every version, oldest first (including the instruction it superseded)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "versions", value = "[{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror movies, please\",\"origin\":\"stated\",\"domain\":\"movies\",\"polarity\":\"avoid\",\"status\":\"active\",\"version\":1,\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:32:01Z\"},{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror and no gore\",\"origin\":\"stated\",\"domain\":\"movies\",\"polarity\":\"avoid\",\"status\":\"active\",\"version\":2,\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:32:01Z\"}]")))
    public Uni<List<Instruction>> history(@PathParam("id") String id) {
        return profiles.history(user.id(), id);
    }

    @POST
    @Path("/search")
    @Operation(summary = "Rank my instructions against a query", description = "Exactly the retrieval a chat turn uses; "
            + "'applies' marks the set a turn would apply")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ranked", value = "[{\"instruction\":{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror movies, please\",\"origin\":\"stated\",\"domain\":\"movies\",\"polarity\":\"avoid\",\"status\":\"active\",\"version\":1,\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:32:01Z\"},\"score\":0.71,\"applies\":true,\"why\":\"lexical+domain\"}]")))
    public Uni<List<SearchHit>> search(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "query", value = "{\"query\":\"Find me a restaurant for dinner in Rome\",\"k\":5}"))) SearchRequest body) {
        if (body == null || body.query() == null || body.query().isBlank()) {
            throw ApiException.badRequest("query", "query is required");
        }
        if (body.query().length() > config.maxMessageChars()) {
            throw ApiException.tooLarge("query", "query is longer than " + config.maxMessageChars() + " characters");
        }
        int k = body.k() == null ? 5 : body.k();
        if (k < 1 || k > config.maxSearchK()) {
            throw ApiException.badRequest("k", "k must be between 1 and " + config.maxSearchK());
        }
        return profiles.search(user.id(), body.query(), k, domain(body.domain()))
                .map(list -> list.stream().map(SearchHit::of).toList());
    }

    @POST
    @Path("/extract")
    @Operation(summary = "Learn from a transcript without replying", description = "Each learned item's source.messageId "
            + "is the index of its message when no conversationId is given")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "learned", value = "{\"added\":[{\"id\":\"in_3c2\",\"text\":\"I'm vegetarian\",\"origin\":\"learned\",\"polarity\":\"prefer\",\"status\":\"active\",\"version\":1,\"source\":{\"messageId\":\"0\"}}],\"updated\":[],\"superseded\":[]}")))
    public Uni<ProfileService.ExtractResult> extract(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "chat", value = "{\"messages\":[{\"role\":\"user\",\"text\":\"I'm vegetarian and I can't stand horror movies.\"},{\"role\":\"assistant\",\"text\":\"Noted.\"}]}"))) ExtractRequest body) {
        if (body == null || body.messages() == null) {
            throw ApiException.badRequest("messages", "messages is required");
        }
        if (body.messages().size() > config.maxExtractMessages()) {
            throw ApiException.tooLarge("messages", "at most " + config.maxExtractMessages() + " messages per call");
        }
        for (int i = 0; i < body.messages().size(); i++) {
            ProfileService.Message m = body.messages().get(i);
            Params.chatMessage("messages[" + i + "]", m == null ? null : m.role(), m == null ? null : m.text(),
                    config.maxMessageChars());
        }
        if (body.conversationId() != null && body.conversationId().length() > 100) {
            throw ApiException.badRequest("conversationId", "conversationId is too long");
        }
        return profiles.extract(user.id(), body.messages(), body.conversationId());
    }

    private static InstructionRequest require(InstructionRequest body) {
        if (body == null) {
            throw ApiException.badRequest("text", "body with text is required");
        }
        return body;
    }

    static String domain(String domain) {
        return dev.concierge.error.Params.domain("domain", domain);
    }
}
