package dev.concierge.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Which catalog the service serves and how it is loaded into PostgreSQL. */
@ConfigMapping(prefix = "concierge.catalog")
public interface CatalogConfig {

    /** Load (idempotently) the configured JSONL catalog at start-up. */
    @WithDefault("true")
    boolean loadOnStart();

    /** JSONL source: {@code classpath:...} or a file path. One JSON object per line (see README). */
    @WithDefault("classpath:catalog/redial-movies.jsonl")
    String source();

    /** Domain given to rows that carry none (e.g. "movies", "restaurants"). */
    @WithDefault("movies")
    String domain();

    /** Optional "id TAB count" file: how often people mention an item; a tie-breaker in ranking. */
    Optional<String> popularity();

    /**
     * Attribute that identifies one real-world item across duplicate rows (ReDial: the IMDb id).
     * Rows that share it and have the same normalized title are one item (see {@link CatalogDuplicates}).
     */
    @WithDefault("imdbId")
    String identityAttribute();

    /** Largest page a catalog search returns. */
    @WithDefault("100")
    int maxPageSize();
}
