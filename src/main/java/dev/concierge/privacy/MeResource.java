package dev.concierge.privacy;

import dev.concierge.dialogue.Transcripts;
import dev.concierge.dialogue.Turn;
import dev.concierge.profile.Instruction;
import dev.concierge.profile.ProfileService;
import dev.concierge.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/** Everything stored about me: export it, or erase it. */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "privacy")
@SecurityRequirement(name = "jwt")
public class MeResource {

    public record InstructionExport(Instruction current, List<Instruction> history) {
    }

    public record MessageExport(String id, int seq, String role, String text, Turn turn, java.time.Instant createdAt) {
    }

    public record FeedbackExport(String itemId, String verdict, String reason, java.time.Instant createdAt) {
    }

    public record ConversationExport(String id, String domain, java.time.Instant createdAt, List<MessageExport> messages,
                                     List<FeedbackExport> feedback) {
    }

    public record Export(String userId, List<InstructionExport> instructions, List<ConversationExport> conversations) {
    }

    private final ProfileService profiles;
    private final UserDataEraser eraser;
    private final Transcripts transcripts;
    private final CurrentUser user;

    MeResource(ProfileService profiles, UserDataEraser eraser, Transcripts transcripts, CurrentUser user) {
        this.profiles = profiles;
        this.eraser = eraser;
        this.transcripts = transcripts;
        this.user = user;
    }

    @GET
    @Path("/export")
    @Operation(summary = "Everything stored about me", description = "Instructions with their full history, conversations, feedback")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "everything", value = "{\"userId\":\"alice\",\"instructions\":[{\"current\":{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror movies, please\",\"origin\":\"stated\",\"domain\":\"movies\",\"polarity\":\"avoid\",\"status\":\"active\",\"version\":1,\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:32:01Z\"},\"history\":[{\"id\":\"in_ad9064af4dba4cf4\",\"text\":\"No horror movies, please\",\"origin\":\"stated\",\"domain\":\"movies\",\"polarity\":\"avoid\",\"status\":\"active\",\"version\":1,\"createdAt\":\"2026-11-23T21:32:01Z\",\"updatedAt\":\"2026-11-23T21:32:01Z\"}]}],\"conversations\":[]}")))
    public Uni<Export> export() {
        String me = user.id();
        return profiles.list(me, true, null).chain(all -> collect(me, all, 0, new ArrayList<>()))
                .chain(instr -> transcripts.list(me, Integer.MAX_VALUE)
                        .chain(convs -> conversations(convs, 0, new ArrayList<>()))
                        .map(convs -> new Export(me, instr, convs)));
    }

    private Uni<List<ConversationExport>> conversations(List<dev.concierge.dialogue.Conversation> convs, int i,
                                                        List<ConversationExport> acc) {
        if (i >= convs.size()) {
            return Uni.createFrom().item(acc);
        }
        var c = convs.get(i);
        return transcripts.messages(c.id).chain(msgs -> transcripts.feedbackOf(c.id).chain(fb -> {
            acc.add(new ConversationExport(c.id, c.domain, c.createdAt,
                    msgs.stream().map(m -> new MessageExport(m.id, m.seq, m.role, m.text, m.turn, m.createdAt)).toList(),
                    fb.stream().map(f -> new FeedbackExport(f.itemId, f.verdict, f.reason, f.createdAt)).toList()));
            return conversations(convs, i + 1, acc);
        }));
    }

    private Uni<List<InstructionExport>> collect(String me, List<Instruction> all, int i, List<InstructionExport> acc) {
        if (i >= all.size()) {
            return Uni.createFrom().item(acc);
        }
        return profiles.history(me, all.get(i).id()).chain(h -> {
            acc.add(new InstructionExport(all.get(i), h));
            return collect(me, all, i + 1, acc);
        });
    }

    @DELETE
    @Operation(summary = "Erase everything about me", description = "Instructions, history, conversation state and transcripts")
    @APIResponse(responseCode = "204", description = "Erased in Redis and PostgreSQL")
    public Uni<Response> erase() {
        String me = user.id();
        // PostgreSQL first: if it fails, nothing in Redis is gone yet and the user can simply retry
        return transcripts.eraseUser(me).chain(() -> eraser.eraseRedis(me)).map(n -> Response.noContent().build());
    }
}
