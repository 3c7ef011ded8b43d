package dev.concierge.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CatalogDuplicatesTest {

    private static CatalogDuplicates.Row r(String id, String title, Integer year, String imdb) {
        return new CatalogDuplicates.Row(id, year == null ? title : title + " (" + year + ")", title, year, imdb);
    }

    @Test
    void sameImdbAndTitleAreOneFilm() {
        List<CatalogDuplicates.Row> rows = List.of(r("10", "Star Wars", null, "tt1"), r("20", "Star Wars", 1977, "tt1"),
                r("30", "Spider", 2007, "tt2"), r("40", "Spider-Man 3", 2007, "tt2"),
                r("50", "Mansfield Park", 2007, "tt3"), r("60", "Mansfield Park", 1999, "tt3"),
                r("70", "Love & Basketball", 2000, "tt4"), r("80", "Love and Basketball", 2000, "tt4"),
                r("90", "Anchorman", null, "tt5"), r("91", "Anchorman: The Legend of Ron Burgundy", 2004, "tt5"),
                r("95", "Star Wars Kid", null, "tt1"));
        Map<String, String> c = CatalogDuplicates.canonicalIds(rows, Map.of());
        assertEquals("20", c.get("10"), "no counts: the row with a year wins");
        assertEquals("20", c.get("20"));
        assertEquals("30", c.get("30"));
        assertEquals("40", c.get("40"), "different titles sharing an imdbId are different films");
        assertNotEquals(c.get("50"), c.get("60"), "different years");
        assertEquals(c.get("70"), c.get("80"));
        assertEquals("91", c.get("90"), "colon alias");
        assertEquals("95", c.get("95"));
        Map<String, String> counted = CatalogDuplicates.canonicalIds(rows, Map.of("10", 7, "20", 2));
        assertEquals("10", counted.get("20"), "the form mentioned more often wins");
    }

}
