package dev.concierge.profile;

import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;

/**
 * Wall time and process CPU per embedding, {@link MiniLmEmbedder} ("ours": one ONNX Runtime thread, no spinning)
 * against LangChain4j's {@link AllMiniLmL6V2QuantizedEmbeddingModel} ("stock": ONNX Runtime's default session), each
 * in its own JVM so one model's threads do not run beside the other's: paced (one call every {@code --gap-ms}, as a
 * service makes them) and back to back. Prints the median over {@code --rounds} rounds.
 *
 * <pre>
 * ./mvnw -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *   -Dexec.mainClass=dev.concierge.profile.EmbeddingCpuBenchmark -Dexec.classpathScope=test -Dexec.args="ours"
 * </pre>
 * then the same with {@code -Dexec.args="stock"}. Options after the model: --calls N (default 200), --gap-ms N (10),
 * --rounds N (5).
 */
public final class EmbeddingCpuBenchmark {

    static final List<String> TEXTS = List.of("no horror please, I hate horror", "another one like that",
            "something from the 90s with Jim Carrey", "I'm vegetarian", "a comedy please");

    public static void main(String[] args) throws InterruptedException {
        Function<String, float[]> model = switch (args.length == 0 ? "" : args[0]) {
            case "ours" -> new MiniLmEmbedder()::embed;
            case "stock" -> {
                AllMiniLmL6V2QuantizedEmbeddingModel stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
                yield t -> stock.embed(t).content().vector();
            }
            default -> throw new IllegalArgumentException("usage: EmbeddingCpuBenchmark ours|stock [--calls N] [--gap-ms N] [--rounds N]");
        };
        int calls = option(args, "--calls", 200);
        int gapMs = option(args, "--gap-ms", 10);
        int rounds = option(args, "--rounds", 5);
        for (int i = 0; i < 2_000; i++) {
            model.apply(TEXTS.get(i % TEXTS.size()));
        }
        double[][] paced = new double[2][rounds];
        double[][] backToBack = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            measure(model, calls, gapMs, paced, r);
            measure(model, calls * 5, 0, backToBack, r);
        }
        System.out.printf("%s paced (1 per %d ms): wall %.2f ms, process CPU %.2f ms per embedding%n", args[0], gapMs,
                median(paced[0]), median(paced[1]));
        System.out.printf("%s back to back: wall %.2f ms, process CPU %.2f ms per embedding%n", args[0],
                median(backToBack[0]), median(backToBack[1]));
    }

    private static void measure(Function<String, float[]> model, int calls, int gapMs, double[][] out, int round)
            throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long busy = 0;
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            model.apply(TEXTS.get(i % TEXTS.size()));
            busy += System.nanoTime() - t0;
            if (gapMs > 0) {
                Thread.sleep(gapMs);
            }
        }
        out[0][round] = busy / 1e6 / calls;
        out[1][round] = (os.getProcessCpuTime() - cpu0) / 1e6 / calls;
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
