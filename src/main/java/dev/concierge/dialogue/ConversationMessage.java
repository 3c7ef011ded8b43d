package dev.concierge.dialogue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** One message of a transcript; an assistant message keeps the whole Turn it answered with. */
@NamedQuery(name = ConversationMessage.OF_CONVERSATION, query = "from ConversationMessage where conversationId = :c order by seq")
@Entity
@Table(name = "conversation_message")
public class ConversationMessage extends PanacheEntityBase {
    static final String OF_CONVERSATION = "ConversationMessage.ofConversation";


    @Id
    public String id;

    @Column(name = "conversation_id")
    public String conversationId;

    public int seq;

    public String role;

    public String text;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Turn turn;

    @Column(name = "created_at")
    public Instant createdAt;
}
