package dev.concierge.dialogue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A conversation's durable record (PostgreSQL); its working state lives in Redis with a TTL. */
// named queries are parsed when Hibernate boots, never on the event loop of a first request (a cold parse blocked it 2.5 s)
@NamedQuery(name = Conversation.BY_USER, query = "from Conversation where userId = :u order by createdAt desc, id")
@Entity
@Table(name = "conversation")
public class Conversation extends PanacheEntityBase {
    static final String BY_USER = "Conversation.byUser";


    @Id
    public String id;

    @Column(name = "user_id")
    public String userId;

    public String domain;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
