package dev.concierge.dialogue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Accept / reject / seen of an item in a conversation: durable, exportable. */
@NamedQuery(name = FeedbackEvent.OF_CONVERSATION, query = "from FeedbackEvent where conversationId = :c order by id")
@Entity
@Table(name = "feedback")
public class FeedbackEvent extends PanacheEntityBase {
    static final String OF_CONVERSATION = "FeedbackEvent.ofConversation";


    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "item_id")
    public String itemId;

    public String verdict;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;
}
