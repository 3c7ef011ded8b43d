package dev.concierge.profile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.concierge.platform.RedisJson;
import dev.concierge.profile.retrieval.InstructionRetriever;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CPU time to decode one user's profile as every turn does ({@link ProfileStore#read}: each record of the hash, JSON with
 * base64 vectors, from the Redis reply's text into a {@link StoredInstruction}). Records with real features (MiniLM
 * vectors, a condition on some). Prints the time per profile of each round and the median.
 *
 * <pre>
 * ./mvnw -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *   -Dexec.mainClass=dev.concierge.profile.ProfileReadBenchmark -Dexec.classpathScope=test -Dexec.args="--instructions 50"
 * </pre>
 * Options: --instructions N (50), --reads N per round (2,000), --rounds N (7).
 */
public final class ProfileReadBenchmark {

    private static final String[] TEXTS = {"I'm vegetarian", "No musicals, please",
            "When I book concert tickets, also look for a hotel nearby", "I prefer films released after 1985",
            "When I travel for work, book hotels near the train station", "I like jazz and soul", "No fast food",
            "When it rains, suggest something to do indoors", "I enjoy documentaries about nature", "Gluten-free options only"};

    public static void main(String[] args) {
        int n = option(args, "--instructions", 50);
        int reads = option(args, "--reads", 2_000);
        int rounds = option(args, "--rounds", 7);
        InstructionRetriever retriever = new InstructionRetriever(new MiniLmEmbedder());
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().registerModule(VectorCodec.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RedisJson json = new RedisJson(mapper, "profile record");
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = TEXTS[i % TEXTS.length] + (i < TEXTS.length ? "" : " (" + i + ")");
            String condition = text.startsWith("When ") ? text.substring(0, text.indexOf(',')) : null;
            Instant now = Instant.now();
            Instruction in = new Instruction("in_" + i, text, Instruction.STATED, "general", "neutral", condition,
                    Instruction.ACTIVE, 1, null, null, null, now, now);
            records.add(json.encode(new StoredInstruction(in, retriever.features(text, "general", condition)))
                    .getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("%d records, %d bytes a profile%n", n, records.stream().mapToInt(r -> r.length).sum());
        long sink = 0;
        double[] perProfile = new double[rounds];
        for (int r = -2; r < rounds; r++) { // two rounds of warm-up
            long t0 = System.nanoTime();
            for (int k = 0; k < reads; k++) {
                for (byte[] b : records) {
                    sink += json.decode(new String(b, StandardCharsets.UTF_8), StoredInstruction.class).instruction().version();
                }
            }
            if (r >= 0) {
                perProfile[r] = (System.nanoTime() - t0) / 1e3 / reads;
                System.out.printf("round %d: %.1f us a profile%n", r + 1, perProfile[r]);
            }
        }
        Arrays.sort(perProfile);
        System.out.printf("median of %d rounds, %d instructions: %.1f us a profile (sink %d)%n", rounds, n,
                perProfile[rounds / 2], sink);
    }

    private static int option(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
