package dev.concierge.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The rule-based simulated user: it knows the scenario's hidden {@link Scenario.Target} (attributes,
 * never a title) and answers from it. Deterministic for a given seed and scenario id: the only choice
 * it makes at random is which star/director/genre it mentions first and the phrasing variant.
 */
public final class SimUser {
    public static final String DONT_MIND = "I don't mind.";

    private final Scenario.Target target;
    private final List<String> stars;
    private final List<String> directors;
    private final List<String> genres;
    private final Random random;
    private int hints;

    public SimUser(Scenario.Target target, long seed, String scenarioId) {
        this.target = target;
        this.random = new Random(seed * 31 + scenarioId.hashCode());
        this.stars = shuffled(target.stars());
        this.directors = shuffled(target.directors());
        this.genres = new ArrayList<>(target.genres());
    }

    private List<String> shuffled(List<String> l) {
        List<String> c = new ArrayList<>(l);
        java.util.Collections.shuffle(c, random);
        return c;
    }

    /** Success rule: every target genre present, at least one target star or director, year in range. */
    public boolean matches(CatalogItem item) {
        return missing(item) == null;
    }

    /** What of the target an item lacks ("genre:x", "person", "year"), or null when it matches. */
    String missing(CatalogItem item) {
        for (String g : target.genres()) {
            if (item.genres().stream().noneMatch(x -> x.equalsIgnoreCase(g))) {
                return "genre:" + g;
            }
        }
        if (!target.stars().isEmpty() || !target.directors().isEmpty()) {
            boolean person = target.stars().stream().anyMatch(s -> containsIgnoreCase(item.stars(), s))
                || target.directors().stream().anyMatch(d -> containsIgnoreCase(item.directors(), d));
            if (!person) {
                return "person";
            }
        }
        if (target.yearFrom() != null && (item.year() == null || item.year() < target.yearFrom())) {
            return "year";
        }
        if (target.yearTo() != null && (item.year() == null || item.year() > target.yearTo())) {
            return "year";
        }
        return null;
    }

    private static boolean containsIgnoreCase(List<String> l, String v) {
        return l.stream().anyMatch(x -> x.equalsIgnoreCase(v));
    }

    /** The answer to a clarification about {@code attribute}, offered {@code options} (may be empty). */
    public String answerClarification(String attribute, List<String> options) {
        String a = attribute == null ? "" : attribute.toLowerCase(Locale.ROOT);
        List<String> values;
        String kind;
        if (a.contains("genre")) {
            values = genres;
            kind = "genre";
        } else if (a.contains("star") || a.contains("actor") || a.contains("actress") || a.contains("cast")) {
            values = stars;
            kind = "star";
        } else if (a.contains("director")) {
            values = directors;
            kind = "director";
        } else if (a.contains("era") || a.contains("year") || a.contains("decade") || a.contains("period")) {
            return eraAnswer();
        } else {
            return DONT_MIND;
        }
        if (values.isEmpty()) {
            return DONT_MIND;
        }
        // prefer the offered options that are target values, in the options' order
        List<String> chosen = new ArrayList<>();
        for (String o : options == null ? List.<String>of() : options) {
            if (containsIgnoreCase(values, o)) {
                chosen.add(o);
            }
        }
        if (chosen.isEmpty()) {
            chosen = values;
        }
        String list = join(chosen);
        return switch (kind) {
            case "genre" -> random.nextBoolean() ? "I'd like something " + list + "." : "Something " + list + ", please.";
            case "star" -> random.nextBoolean() ? "I'd like something with " + list + "." : "Ideally with " + list + ".";
            default -> "Something directed by " + list + ".";
        };
    }

    private String eraAnswer() {
        if (target.yearFrom() == null && target.yearTo() == null) {
            return DONT_MIND;
        }
        if (target.yearFrom() != null && target.yearTo() != null) {
            return "Something from " + target.yearFrom() + " to " + target.yearTo() + ".";
        }
        return target.yearFrom() != null ? "Something from after " + target.yearFrom() + "." : "Something from before " + target.yearTo() + ".";
    }

    /** The refusal of a recommended item that does not match, with the reason (never a title). */
    public String refusal(CatalogItem item) {
        String m = missing(item);
        if (m == null) {
            throw new IllegalArgumentException("item matches the target: " + item.id());
        }
        return "Not that one, " + reason(m);
    }

    /** The reason part of a refusal, also sent as the feedback reason. */
    public String reason(String missing) {
        if (missing.startsWith("genre:")) {
            return "I'd like something " + join(genres) + ".";
        }
        if (missing.equals("person")) {
            if (!stars.isEmpty()) {
                return "I'd like something with " + stars.get(0) + ".";
            }
            return "I'd like something directed by " + directors.get(0) + ".";
        }
        return "I'd like " + eraAnswer().substring(0, 1).toLowerCase(Locale.ROOT) + eraAnswer().substring(1);
    }

    /** A message when the assistant neither asked nor recommended: asks for a film, with one more hint each time. */
    public String nudge() {
        int h = hints++;
        List<String> parts = new ArrayList<>();
        if (!genres.isEmpty()) {
            parts.add(join(genres));
        }
        if (h >= 1 && !stars.isEmpty()) {
            parts.add("with " + stars.get(0));
        }
        if (h >= 2 && !directors.isEmpty()) {
            parts.add("directed by " + directors.get(0));
        }
        return parts.isEmpty() ? "Could you recommend a specific movie?"
            : "Could you recommend a specific movie? Something " + String.join(" ", parts) + ".";
    }

    static String join(List<String> l) {
        if (l.size() == 1) {
            return l.get(0);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }
}
