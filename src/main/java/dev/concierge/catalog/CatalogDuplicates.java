package dev.concierge.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which catalog rows are the same film and which row represents it.
 *
 * <p><b>Same film</b>: two rows are duplicates when they have the same non-empty imdbId AND the same title key
 * (lowercase, accents folded, "&amp;" read as "and", punctuation dropped, a leading "the" dropped: "The Conjuring",
 * "Conjuring" and "The Conjuring (2013)" match; "Love &amp; Basketball" matches "Love and Basketball") AND
 * compatible years (equal, or at least one missing); or when they share the imdbId and one row has no year and its
 * title is the part before the colon of the other's ("Anchorman" / "Anchorman: The Legend of Ron Burgundy (2004)",
 * "Kill Bill" / "Kill Bill: Volume 1 (2003)"). Rows that share an imdbId by a data error but have
 * different titles ("Spider (2007)" / "Spider-Man 3 (2007)") or different years ("Mansfield Park (1999)" /
 * "(2007)") are kept apart.
 *
 * <p><b>Canonical row</b> of a group of duplicates, in this order: the row mentioned most often in the
 * dialogue data ({@code mentionCounts}, id -&gt; count, e.g. redial-popularity.tsv; missing = 0), then the row
 * that has a year (its name is the "Title (Year)" form used in ReDial), then the smallest id (numeric when
 * both are numbers). Every row of the catalog is in the result; a row that has no duplicate maps to itself.
 * Pure function: same input, same output.
 */
public final class CatalogDuplicates {

    private CatalogDuplicates() {
    }

    /** The fields of a raw catalog row the rule needs. */
    public record Row(String id, String name, String title, Integer year, String imdbId) {
    }

    /** id -&gt; canonicalId for every row. */
    public static Map<String, String> canonicalIds(List<Row> rows, Map<String, Integer> mentionCounts) {
        Map<String, Integer> counts = mentionCounts == null ? Map.of() : mentionCounts;
        Map<String, List<Row>> byImdb = new LinkedHashMap<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.put(r.id(), r.id());
            if (r.imdbId() != null && !r.imdbId().isBlank()) {
                byImdb.computeIfAbsent(r.imdbId().trim(), k -> new ArrayList<>()).add(r);
            }
        }
        Comparator<Row> preference = Comparator
                .<Row>comparingInt(r -> -counts.getOrDefault(r.id(), 0))
                .thenComparingInt(r -> r.year() == null ? 1 : 0)
                .thenComparing(Row::id, CatalogDuplicates::compareIds);
        for (List<Row> group : byImdb.values()) {
            if (group.size() < 2) {
                continue;
            }
            List<List<Row>> clusters = new ArrayList<>();
            List<Row> sorted = new ArrayList<>(group);
            sorted.sort(Comparator.comparing(Row::id, CatalogDuplicates::compareIds));
            for (Row r : sorted) {
                List<Row> home = null;
                for (List<Row> c : clusters) {
                    if (c.stream().allMatch(o -> sameFilm(o, r))) {
                        home = c;
                        break;
                    }
                }
                if (home == null) {
                    home = new ArrayList<>();
                    clusters.add(home);
                }
                home.add(r);
            }
            for (List<Row> c : clusters) {
                if (c.size() < 2) {
                    continue;
                }
                Row best = c.stream().min(preference).orElseThrow();
                for (Row r : c) {
                    out.put(r.id(), best.id());
                }
            }
        }
        return out;
    }

    static boolean sameFilm(Row a, Row b) {
        if (subtitleAlias(a, b) || subtitleAlias(b, a)) {
            return true;
        }
        if (!titleKey(a.title() != null ? a.title() : a.name()).equals(titleKey(b.title() != null ? b.title() : b.name()))) {
            return false;
        }
        return a.year() == null || b.year() == null || Objects.equals(a.year(), b.year());
    }

    /** A yearless row whose title is the part before the colon of the other row's title ("Anchorman"). */
    static boolean subtitleAlias(Row shorter, Row longer) {
        if (shorter.year() != null) {
            return false;
        }
        String lt = longer.title() != null ? longer.title() : longer.name();
        String st = shorter.title() != null ? shorter.title() : shorter.name();
        int colon = lt == null ? -1 : lt.indexOf(':');
        return colon > 0 && st != null && !titleKey(st).isEmpty() && titleKey(lt.substring(0, colon)).equals(titleKey(st));
    }

    /** Title key used to compare titles of rows that share an imdbId. */
    public static String titleKey(String title) {
        List<String> t = Text.normTokens(title == null ? "" : title);
        if (!t.isEmpty() && t.get(0).equals("the")) {
            t = t.subList(1, t.size());
        }
        return String.join("", t);
    }

    public static int compareIds(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    /** Groups canonicalId -&gt; member ids (only groups with 2+ rows). */
    public static Map<String, List<String>> groups(Map<String, String> canonical) {
        Map<String, List<String>> g = new HashMap<>();
        canonical.forEach((id, c) -> g.computeIfAbsent(c, k -> new ArrayList<>()).add(id));
        g.values().removeIf(l -> l.size() < 2);
        return g;
    }
}
