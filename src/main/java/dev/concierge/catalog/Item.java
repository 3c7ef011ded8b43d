package dev.concierge.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.List;
import java.util.Map;

/**
 * A catalog row. Domain-neutral: a movie's genres, directors, writers and stars live in {@code attributes}
 * (jsonb), so a restaurant or hotel catalog adds its own attributes without a schema change.
 * The full-text vector and people/tag columns are maintained by the database (see schema.sql).
 */
@Entity
@Table(name = "catalog_item")
public class Item extends PanacheEntityBase {

    @Id
    public String id;

    public String domain;

    public String name;

    public String title;

    public Integer year;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, List<String>> attributes;

    /** Set on every row: the id of the row that represents this real-world item (itself when unique). */
    @Column(name = "canonical_id")
    public String canonicalId;

    public int popularity;

    public CatalogItem toRecord() {
        return new CatalogItem(id, domain, name, title, year, attributes == null ? Map.of() : attributes,
                canonicalId, popularity);
    }
}
