package dev.concierge.profile;

import dev.concierge.platform.CpuPool;
import dev.concierge.platform.Started;
import io.smallrye.mutiny.Uni;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one turn reads once, whichever of its parts asks first: the user's profile (one Redis read, at the turn's
 * start) and each text's embedding (on the CPU pool). The retrieval of the applicable instructions reads the profile
 * and embeds the message; the learning starts the message's and its first statement's embeddings while the extraction
 * still streams and plans its write against the same profile, so a turn that teaches neither reads nor embeds again
 * after the model has finished (a profile changed since is caught by the write's revision check).
 * {@link #ready()} hands the finished embeddings to the statements' features. Made per turn by
 * {@link ProfileService#turnReads(String, CpuPool.Lane)}.
 */
public final class TurnReads {

    private final TextEmbedder embedder;
    private final CpuPool.Lane lane;
    private final ProfileStore store;
    private final String user;
    private final Map<String, Uni<float[]>> started = new ConcurrentHashMap<>();
    private Uni<ProfileStore.Snapshot> profile;

    TurnReads(TextEmbedder embedder, CpuPool.Lane lane, ProfileStore store, String user) {
        this.embedder = embedder;
        this.lane = lane;
        this.store = store;
        this.user = user;
    }

    /** The user's profile, read once: the read starts at the first call. */
    synchronized Uni<ProfileStore.Snapshot> profile() {
        if (profile == null) {
            profile = Started.now(store.read(user));
        }
        return profile;
    }

    /** The turn's lane on the CPU pool, where its embeddings run. */
    CpuPool.Lane lane() {
        return lane;
    }

    /** Starts embedding {@code text} now, unless it already is; its vector when done. */
    Uni<float[]> embedding(String text) {
        return started.computeIfAbsent(text, t -> Started.now(lane.run(() -> embedder.embed(t))));
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
