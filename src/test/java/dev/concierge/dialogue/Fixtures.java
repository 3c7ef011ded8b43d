package dev.concierge.dialogue;

import dev.concierge.catalog.CatalogItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared test data: the bundled catalog (loaded once) and a tiny synthetic catalog. */
final class Fixtures {

    private static DialogueEngineFactory.Engine bundled;

    static synchronized DialogueEngineFactory.Engine bundled() {
        if (bundled == null) {
            bundled = DialogueEngineFactory.fromClasspath();
        }
        return bundled;
    }

    static CatalogItem movie(String id, String title, Integer year, List<String> genres, List<String> directors,
                             List<String> stars, String canonical, int pop) {
        return new CatalogItem(id, "movies", year == null ? title : title + " (" + year + ")", title, year,
                Map.of("genres", genres, "directors", directors, "writers", List.of(), "stars", stars),
                canonical == null ? id : canonical, pop);
    }

    /** Six films: two horror, two comedy, a drama, a sci-fi, plus a duplicate row of the first. */
    static List<CatalogItem> tiny() {
        List<CatalogItem> l = new ArrayList<>();
        l.add(movie("1", "The Shining", 1980, List.of("horror", "drama"), List.of("Stanley Kubrick"),
                List.of("Jack Nicholson", "Shelley Duvall", "Danny Lloyd"), null, 50));
        l.add(movie("1b", "The Shining", null, List.of("horror", "drama"), List.of("Stanley Kubrick"),
                List.of("Jack Nicholson", "Shelley Duvall", "Danny Lloyd"), "1", 3));
        l.add(movie("2", "It Follows", 2014, List.of("horror"), List.of("David Robert Mitchell"),
                List.of("Maika Monroe", "Keir Gilchrist"), null, 20));
        l.add(movie("3", "Groundhog Day", 1993, List.of("comedy", "fantasy"), List.of("Harold Ramis"),
                List.of("Bill Murray", "Andie MacDowell"), null, 40));
        l.add(movie("4", "Big", 1988, List.of("comedy", "drama"), List.of("Penny Marshall"),
                List.of("Tom Hanks", "Elizabeth Perkins"), null, 30));
        l.add(movie("5", "Cast Away", 2000, List.of("drama", "adventure"), List.of("Robert Zemeckis"),
                List.of("Tom Hanks", "Helen Hunt"), null, 35));
        l.add(movie("6", "Interstellar", 2014, List.of("sci-fi", "drama"), List.of("Christopher Nolan"),
                List.of("Matthew McConaughey", "Anne Hathaway"), null, 45));
        return l;
    }

    private Fixtures() {
    }
}
