package dev.concierge.dialogue;

import dev.concierge.error.ApiException;
import dev.concierge.error.Params;
import dev.concierge.error.Problem;
import dev.concierge.llm.ChatLine;
import dev.concierge.profile.ProfileConfig;
import dev.concierge.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Conversations over REST, with the turn also streamable as Server-Sent Events (contract: "Conversations"). */
@Path("/api/v1/conversations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "conversations")
@SecurityRequirement(name = "jwt")
public class ConversationResource {

    public record CreateRequest(String domain, List<ChatLine> history) {
    }

    public record MessageRequest(String text, String clientMessageId) {
    }

    public record FeedbackRequest(String itemId, String verdict, String reason) {
    }

    public record ConversationView(String id, String domain, Instant createdAt, Instant updatedAt) {
    }

    public record MessageView(String id, int seq, String role, String text, Turn turn, Instant createdAt) {
    }

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final TurnEngine engine;
    private final Transcripts transcripts;
    private final CurrentUser user;
    private final DialogueConfig config;
    private final ProfileConfig limits;

    ConversationResource(TurnEngine engine, Transcripts transcripts, CurrentUser user, DialogueConfig config,
                         ProfileConfig limits) {
        this.engine = engine;
        this.transcripts = transcripts;
        this.user = user;
        this.config = config;
        this.limits = limits;
    }

    @POST
    @Operation(summary = "Start a conversation", description = "history seeds it with earlier turns (a chat moved from another channel)")
    @APIResponse(responseCode = "201", description = "Created; Location names it", content = @Content(examples = @ExampleObject(name = "created", value = "{\"id\":\"c_4d85d4ea313549a2\",\"createdAt\":\"2026-11-23T21:32:01Z\"}")))
    @APIResponse(responseCode = "400", description = "A history message has a bad role or no text")
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "seeded", value = "{\"domain\":\"movies\",\"history\":[{\"role\":\"user\",\"text\":\"I loved The Shining (1980)\"},{\"role\":\"assistant\",\"text\":\"Have you seen It (2017)?\"}]}"))) CreateRequest body, @Context UriInfo uri) {
        CreateRequest req = body == null ? new CreateRequest(null, null) : body;
        String domain = Params.domain("domain", req.domain());
        List<ChatLine> history = req.history() == null ? List.of() : req.history();
        if (history.size() > config.maxHistory()) {
            throw ApiException.tooLarge("history", "history has " + history.size() + " messages; the limit is " + config.maxHistory());
        }
        List<ChatLine> clean = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            ChatLine l = history.get(i);
            Params.chatMessage("history[" + i + "]", l == null ? null : l.role(), l == null ? null : l.text(),
                    limits.maxMessageChars());
            if (!l.text().isBlank()) {
                clean.add(l);
            }
        }
        return engine.create(user.id(), domain, clean).map(c -> Response.status(201)
                .location(uri.getAbsolutePathBuilder().path(c.id()).build()).entity(c).build());
    }

    @GET
    @Operation(summary = "My conversations, newest first")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "mine", value = "[{\"id\":\"c_4d85d4ea313549a2\",\"domain\":\"movies\",\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:35:12Z\"}]")))
    public Uni<List<ConversationView>> list() {
        return transcripts.list(user.id(), config.listLimit()).map(list -> list.stream()
                .map(c -> new ConversationView(c.id, c.domain, c.createdAt, c.updatedAt)).toList());
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "The transcript")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "transcript", value = "[{\"id\":\"m_1\",\"seq\":0,\"role\":\"user\",\"text\":\"Can you recommend a movie?\"},{\"id\":\"m_2\",\"seq\":1,\"role\":\"assistant\",\"text\":\"Is there an actor you would like to see?\",\"turn\":{\"act\":\"clarify\"}}]")))
    @APIResponse(responseCode = "404", description = "No such conversation of mine")
    public Uni<List<MessageView>> messages(@PathParam("id") String id) {
        return transcripts.find(user.id(), id).chain(c -> {
            if (c == null) {
                throw ApiException.notFound("No conversation " + id);
            }
            return transcripts.messages(id).map(list -> list.stream()
                    .map(m -> new MessageView(m.id, m.seq, m.role, m.text, m.turn, m.createdAt)).toList());
        });
    }

    @POST
    @Path("/{id}/messages")
    @Operation(summary = "Send a message, get the assistant's Turn", description = "Re-sending a clientMessageId returns the same Turn. "
            + "With Accept: text/event-stream the turn streams as SSE: token events, then one turn event.")
    @APIResponse(responseCode = "200", description = "The assistant's Turn", content = @Content(examples = @ExampleObject(name = "recommend", value = "{\"messageId\":\"m_1dbd265e0f72401c\",\"conversationId\":\"c_4d85d4ea313549a2\",\"act\":\"recommend\",\"text\":\"Here are 2 picks for you...\",\"recommendations\":[{\"itemId\":\"121563\",\"name\":\"As Good as It Gets (1997)\",\"reason\":\"Stars Jack Nicholson\",\"appliedInstructionIds\":[\"in_ad9064af4dba4cf4\"]}],\"appliedInstructions\":[{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror movies, please\"}],\"learned\":[],\"degraded\":true}")))
    @APIResponse(responseCode = "404", description = "No such conversation of mine")
    @APIResponse(responseCode = "409", description = "A turn of this conversation is still running, or the instructions this message "
            + "taught were changed elsewhere while it was answered (nothing of the turn is stored: send it again)")
    @APIResponse(responseCode = "413", description = "text is longer than the limit")
    @APIResponse(responseCode = "429", description = "Too many turns; see Retry-After")
    public Uni<Turn> send(@PathParam("id") String id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "message", value = "{\"text\":\"Something with Jack Nicholson, but no horror\",\"clientMessageId\":\"9f1c-0001\"}"))) MessageRequest body) {
        MessageRequest req = validate(body);
        return engine.turn(user.id(), id, req.text(), req.clientMessageId())
                .filter(e -> e instanceof TurnEngine.TurnEvent.Done).toUni()
                .map(e -> ((TurnEngine.TurnEvent.Done) e).turn());
    }

    @POST
    @Path("/{id}/messages")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, MessageRequest body, @Context Sse sse) {
        MessageRequest req = validate(body);
        return engine.turn(user.id(), id, req.text(), req.clientMessageId()).map(e -> {
            if (e instanceof TurnEngine.TurnEvent.Started s) {
                return event(sse, "turn_started", Map.of("conversationId", s.conversationId(), "messageId", s.messageId()));
            }
            if (e instanceof TurnEngine.TurnEvent.Token t) {
                return event(sse, "token", Map.of("text", t.text()));
            }
            return event(sse, "turn", ((TurnEngine.TurnEvent.Done) e).turn());
        }).onFailure().recoverWithItem(err -> {
            Problem p = err instanceof ApiException api ? api.problem()
                    : Problem.of(500, "Internal server error", "The turn failed; nothing was saved");
            return event(sse, "error", p);
        });
    }

    @GET
    @Path("/{id}/recommendations")
    @Operation(summary = "Ranked, catalog-grounded candidates for the conversation's current state")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ranked", value = "[{\"itemId\":\"121563\",\"name\":\"As Good as It Gets (1997)\",\"score\":4.0,\"reason\":\"Stars Jack Nicholson\"}]")))
    @APIResponse(responseCode = "404", description = "No such conversation of mine")
    public Uni<List<TurnEngine.Candidate>> recommendations(@PathParam("id") String id, @QueryParam("limit") String limit) {
        int n = Params.intParam("limit", limit, 50, 1, config.maxRecommendations());
        return engine.recommendations(user.id(), id, n);
    }

    @POST
    @Path("/{id}/feedback")
    @Operation(summary = "Accept, reject or mark an item seen", description = "It is not offered again; a rejection's reason may teach the profile")
    @APIResponse(responseCode = "204", description = "Saved")
    public Uni<Response> feedback(@PathParam("id") String id, @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "reject", value = "{\"itemId\":\"121563\",\"verdict\":\"reject\",\"reason\":\"I don't like romantic comedies\"}"))) FeedbackRequest body) {
        if (body == null || body.itemId() == null || body.itemId().isBlank()) {
            throw ApiException.badRequest("itemId", "itemId is required");
        }
        if (body.verdict() == null || !List.of("accept", "reject", "seen").contains(body.verdict())) {
            throw ApiException.badRequest("verdict", "verdict must be 'accept', 'reject' or 'seen'");
        }
        if (body.reason() != null && body.reason().length() > limits.maxInstructionChars()) {
            throw ApiException.tooLarge("reason", "reason is longer than " + limits.maxInstructionChars() + " characters");
        }
        return engine.feedback(user.id(), id, body.itemId(), body.verdict(), body.reason())
                .map(v -> Response.noContent().build());
    }

    private MessageRequest validate(MessageRequest body) {
        if (body == null || body.text() == null || body.text().isBlank()) {
            throw ApiException.badRequest("text", "text is required");
        }
        if (body.text().length() > limits.maxMessageChars()) {
            throw ApiException.tooLarge("text", "text is " + body.text().length() + " characters; the limit is " + limits.maxMessageChars());
        }
        if (body.clientMessageId() != null && !CLIENT_ID.matcher(body.clientMessageId()).matches()) {
            throw ApiException.badRequest("clientMessageId", "clientMessageId must be 1-100 characters of letters, digits and . _ : -");
        }
        return body;
    }

    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }
}
