package dev.concierge.dialogue;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversations, transcripts and feedback in PostgreSQL (Hibernate Reactive). Always filtered by user.
 * The writes of every conversation, {@link #create} and each turn's {@link #append}, are single SQL statements on the
 * reactive pool instead.
 */
@ApplicationScoped
public class Transcripts {

    /** Messages from parallel arrays ($2-$7) into conversation $1. */
    private static final String MESSAGES = """
            INSERT INTO conversation_message (id, conversation_id, seq, role, text, turn, created_at)
            SELECT m.id, $1, m.seq, m.role, m.text, m.turn::jsonb, m.created_at
            FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
              AS m(id, seq, role, text, turn, created_at)""";

    /**
     * A turn's messages and the conversation's new updated_at in one statement: atomic without a transaction and
     * one round trip, where the entity path took five (begin, two inserts, the update, commit) and ~10% of a turn's CPU.
     */
    private static final String APPEND = "WITH added AS (" + MESSAGES + ") UPDATE conversation SET updated_at = $8 WHERE id = $1";

    /**
     * A new conversation with its seeded history, the same way: the entity path (session, begin, insert, commit,
     * close) was ~4% of the service's CPU under load, as every WebSocket conversation starts with one.
     */
    private static final String CREATE = "WITH created AS (INSERT INTO conversation (id, user_id, domain, created_at, updated_at)"
            + " VALUES ($1, $8, $9, $10, $10)) " + MESSAGES;

    private final Mutiny.SessionFactory sessions;
    private final dev.concierge.platform.Isolated isolated;
    private final Pool pool;
    private final ObjectMapper json;

    Transcripts(Mutiny.SessionFactory sessions, dev.concierge.platform.Isolated isolated, Pool pool, ObjectMapper json) {
        this.sessions = sessions;
        this.isolated = isolated;
        this.pool = pool;
        this.json = json;
    }

    public Uni<Void> create(Conversation c, List<ConversationMessage> history) {
        List<Object> params = messageParams(c.id, history);
        params.add(c.userId);
        params.add(c.domain);
        params.add(c.createdAt.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(CREATE).execute(Tuple.from(params)).replaceWithVoid();
    }

    /** The conversation if it belongs to the user, else null: another user's conversation does not exist. */
    public Uni<Conversation> find(String user, String conversationId) {
        return isolated.run(() -> sessions.withSession(s -> s.find(Conversation.class, conversationId))
                .map(c -> c != null && c.userId.equals(user) ? c : null));
    }

    public Uni<List<Conversation>> list(String user, int limit) {
        return isolated.run(() -> sessions.withSession(s -> s.createNamedQuery(Conversation.BY_USER, Conversation.class)
                .setParameter("u", user).setMaxResults(limit).getResultList()));
    }

    public Uni<List<ConversationMessage>> messages(String conversationId) {
        return isolated.run(() -> sessions.withSession(s -> s.createNamedQuery(ConversationMessage.OF_CONVERSATION, ConversationMessage.class)
                .setParameter("c", conversationId).getResultList()));
    }

    public Uni<Void> append(String conversationId, List<ConversationMessage> messages) {
        List<Object> params = messageParams(conversationId, messages);
        params.add(OffsetDateTime.now(ZoneOffset.UTC));
        return pool.preparedQuery(APPEND).execute(Tuple.from(params)).replaceWithVoid();
    }

    /** $1-$7 of {@link #MESSAGES}: the conversation id, then one array per column. */
    private List<Object> messageParams(String conversationId, List<ConversationMessage> messages) {
        int n = messages.size();
        String[] ids = new String[n], roles = new String[n], texts = new String[n], turns = new String[n];
        Integer[] seqs = new Integer[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ConversationMessage m = messages.get(i);
            ids[i] = m.id;
            seqs[i] = m.seq;
            roles[i] = m.role;
            texts[i] = m.text;
            turns[i] = m.turn == null ? null : encode(m.turn);
            created[i] = m.createdAt.atOffset(ZoneOffset.UTC);
        }
        return new ArrayList<>(List.of(conversationId, ids, seqs, roles, texts, turns, created));
    }

    private String encode(Turn turn) {
        try {
            return json.writeValueAsString(turn);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Turn that Jackson cannot write", e);
        }
    }

    public Uni<Void> feedback(FeedbackEvent event) {
        return isolated.run(() -> sessions.withTransaction(s -> s.persist(event)));
    }

    public Uni<List<FeedbackEvent>> feedbackOf(String conversationId) {
        return isolated.run(() -> sessions.withSession(s -> s.createNamedQuery(FeedbackEvent.OF_CONVERSATION, FeedbackEvent.class)
                .setParameter("c", conversationId).getResultList()));
    }

    /** Erase-me: every conversation of the user; messages and feedback go with them (ON DELETE CASCADE). */
    public Uni<Integer> eraseUser(String user) {
        return isolated.run(() -> sessions.withTransaction(s -> s.createNativeQuery("DELETE FROM conversation WHERE user_id = :u")
                .setParameter("u", user).executeUpdate()));
    }
}
