package dev.concierge.profile;

import dev.concierge.platform.CpuPool;
import io.smallrye.mutiny.Uni;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One turn's embeddings, each text embedded once on the CPU pool whichever part of the turn asks first: the retrieval
 * of the applicable instructions embeds the message, and the learning starts the message's and its first statement's
 * while the extraction still streams, so a turn that teaches computes neither again after the model has finished.
 * {@link #ready()} hands the finished ones to the statements' features. Made per turn by {@link ProfileService#turnEmbeddings()}.
 */
public final class TurnEmbeddings {

    private final TextEmbedder embedder;
    private final CpuPool cpu;
    private final Map<String, Uni<float[]>> started = new ConcurrentHashMap<>();

    TurnEmbeddings(TextEmbedder embedder, CpuPool cpu) {
        this.embedder = embedder;
        this.cpu = cpu;
    }

    /** Starts embedding {@code text} now, unless it already is; its vector when done. */
    Uni<float[]> start(String text) {
        return started.computeIfAbsent(text, t -> {
            Uni<float[]> vector = cpu.run(() -> embedder.embed(t)).memoize().indefinitely();
            vector.subscribe().with(v -> { }, failure -> { }); // running now; whoever needs it reads the outcome
            return vector;
        });
    }

    /** Once every started embedding is done: an embedder that answers those texts from them and computes any other. */
    Uni<TextEmbedder> ready() {
        List<String> texts = List.copyOf(started.keySet());
        if (texts.isEmpty()) {
            return Uni.createFrom().item(embedder);
        }
        return Uni.join().all(texts.stream().map(started::get).toList()).andFailFast().map(vectors -> {
            Map<String, float[]> known = new HashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                known.put(texts.get(i), vectors.get(i));
            }
            return text -> {
                float[] v = known.get(text);
                return v != null ? v : embedder.embed(text);
            };
        });
    }
}
