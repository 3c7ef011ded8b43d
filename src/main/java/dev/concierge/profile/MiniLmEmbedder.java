package dev.concierge.profile;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * In-process quantized all-MiniLM-L6-v2 (384 dims, ~1.5 ms per sentence on one core). Thread-safe;
 * create once (loading the ONNX model takes ~0.5 s) and call from a worker thread, never the event loop.
 */
public final class MiniLmEmbedder implements TextEmbedder {
    public static final int DIMENSIONS = 384;
    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public float[] embed(String text) {
        String t = text == null || text.isBlank() ? "." : text;
        return TextEmbedder.normalize(model.embed(t).content().vector());
    }
}
