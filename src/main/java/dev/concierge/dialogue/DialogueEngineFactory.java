package dev.concierge.dialogue;

import dev.concierge.catalog.CatalogItem;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Loads the bundled resources (classpath {@code catalog/redial-movies.jsonl}, {@code catalog/redial-popularity.tsv},
 * {@code catalog/redial-cooccurrence.tsv}) into an index, a ranker and a policy. Build once at start-up.
 */
public final class DialogueEngineFactory {

    public static final String MOVIES = "catalog/redial-movies.jsonl";
    public static final String POPULARITY = "catalog/redial-popularity.tsv";
    public static final String COOCCURRENCE = "catalog/redial-cooccurrence.tsv";

    /** What the engine needs, ready to use. */
    public record Engine(List<CatalogItem> items, CatalogIndex index, CooccurrenceModel model, Ranker ranker, Policy policy) {
    }

    private DialogueEngineFactory() {
    }

    public static Engine fromClasspath() {
        ClassLoader cl = DialogueEngineFactory.class.getClassLoader();
        Map<String, Integer> pop;
        try (InputStream in = open(cl, POPULARITY)) {
            pop = RedialMovies.readCounts(in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        CooccurrenceModel model;
        try (InputStream in = open(cl, COOCCURRENCE)) {
            model = CooccurrenceModel.read(in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CatalogItem> items;
        try (InputStream in = open(cl, MOVIES)) {
            items = RedialMovies.load(in, pop);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(items, model);
    }

    public static Engine of(List<CatalogItem> items, CooccurrenceModel model) {
        CatalogIndex index = new CatalogIndex(items);
        Ranker ranker = new Ranker(model);
        return new Engine(items, index, model, ranker, new Policy(ranker, index));
    }

    private static InputStream open(ClassLoader cl, String name) {
        InputStream in = cl.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + name);
        }
        return in;
    }
}
