package dev.concierge.dialogue;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.List;

/** Conversations, transcripts and feedback in PostgreSQL (Hibernate Reactive). Always filtered by user. */
@ApplicationScoped
public class Transcripts {

    private final Mutiny.SessionFactory sessions;
    private final dev.concierge.platform.Isolated isolated;

    Transcripts(Mutiny.SessionFactory sessions, dev.concierge.platform.Isolated isolated) {
        this.sessions = sessions;
        this.isolated = isolated;
    }

    public Uni<Void> create(Conversation c, List<ConversationMessage> history) {
        return isolated.run(() -> sessions.withTransaction(s -> s.persist(c).chain(() -> history.isEmpty()
                ? Uni.createFrom().voidItem() : s.persistAll(history.toArray()))));
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
        return isolated.run(() -> sessions.withTransaction(s -> s.persistAll(messages.toArray())
                .chain(() -> s.createNamedQuery(Conversation.TOUCH)
                        .setParameter("t", Instant.now()).setParameter("c", conversationId).executeUpdate())
                .replaceWithVoid()));
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
