package dev.concierge.profile;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * In-process quantized all-MiniLM-L6-v2 (384 dims, ~1.5-3 ms per sentence on one core). Thread-safe;
 * create once (loading the ONNX model takes ~0.5 s) and call from a worker thread, never the event loop.
 * <p>
 * The model runs in the calling thread only: ONNX Runtime's default session (the one LangChain4j's
 * {@link AllMiniLmL6V2QuantizedEmbeddingModel} opens) adds a thread per core that busy-waits after every call, ~15 ms
 * of CPU per embedding for ~2 ms of work when calls come one at a time, as a service's do (load-tests/README.md,
 * hot spot 21). The CPU pool already runs one embedding per thread.
 */
public final class MiniLmEmbedder implements TextEmbedder {
    public static final int DIMENSIONS = 384;
    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final InCallerThread model;

    public MiniLmEmbedder() {
        try (InputStream onnx = resource(MODEL); InputStream tokenizer = resource(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession session = env.createSession(onnx.readAllBytes(), options);
            model = new InCallerThread(new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the embedding model", e);
        }
    }

    @Override
    public float[] embed(String text) {
        String t = text == null || text.isBlank() ? "." : text;
        return TextEmbedder.normalize(model.embed(t).content().vector());
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("embedding model resource " + name + " is missing");
        }
        return in;
    }

    /** LangChain4j's in-process model over our session; a single text is embedded in the caller's thread. */
    private static final class InCallerThread extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        InCallerThread(OnnxBertBiEncoder encoder) {
            super((Executor) Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSIONS;
        }
    }
}
