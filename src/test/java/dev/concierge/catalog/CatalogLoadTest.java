package dev.concierge.catalog;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class CatalogLoadTest {

    @Inject
    CatalogLoader loader;
    @Inject
    CatalogConfig config;
    @Inject
    Pool pool;

    private long count(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    @Test
    void loadingTwiceNeverDuplicatesItems() {
        long before = count("SELECT count(*) FROM catalog_item");
        assertEquals(6583, before, "the bundled ReDial catalog, every row once");

        // a restart with the same source: skipped by checksum
        loader.load(config.source()).await().atMost(Duration.ofSeconds(60));
        assertEquals(before, count("SELECT count(*) FROM catalog_item"));

        // forget the checksum so the rows are really written again: upserts, not inserts
        pool.query("DELETE FROM catalog_source").execute().await().atMost(Duration.ofSeconds(10));
        loader.load(config.source()).await().atMost(Duration.ofSeconds(60));
        assertEquals(before, count("SELECT count(*) FROM catalog_item"));
        assertEquals(1, count("SELECT count(*) FROM catalog_source"));
    }

    @Test
    void duplicateSpellingsShareOneCanonicalRow() {
        assertEquals(1, count("SELECT count(DISTINCT canonical_id) FROM catalog_item WHERE title IN ('Back to the Future')"));
        assertEquals(2, count("SELECT count(*) FROM catalog_item WHERE title = 'Back to the Future'"));
        // same IMDb id but different titles are not merged
        assertEquals(2, count("SELECT count(DISTINCT canonical_id) FROM catalog_item WHERE name IN ('Spider (2007)', 'Spider-Man 3 (2007)')"));
    }
}
