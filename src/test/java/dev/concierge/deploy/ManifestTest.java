package dev.concierge.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Kubernetes deployment (k8s/) against the application's configuration.
 *
 * <p>With kubectl on the PATH each overlay is rendered by {@code kubectl kustomize}; without it only the
 * base's files are read (the overlays need kustomize), and the test says so. Every document is parsed
 * strictly into fabric8's typed model (unknown fields, duplicate keys and unknown kinds fail), then
 * {@link ManifestChecks} compares it with src/main/resources/application.properties. The second test breaks
 * the rendered manifests one way at a time and expects each break to be reported.
 */
class ManifestTest {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final Map<String, String> RENDERED = new LinkedHashMap<>();
    static AppConfig app;
    static boolean kustomized;

    @BeforeAll
    static void render() throws Exception {
        app = AppConfig.load();
        Optional<Path> kubectl = Manifests.kubectl();
        kustomized = kubectl.isPresent();
        if (kustomized) {
            for (String overlay : OVERLAYS) {
                RENDERED.put(overlay, Manifests.kustomize(kubectl.get(), overlay));
            }
        } else {
            System.out.println("[ManifestTest] kubectl is not on the PATH: checking the k8s/base files only, "
                    + "without kustomize (overlays, components and patches are not rendered)");
            RENDERED.put("base (no kustomize)", Manifests.baseWithoutKustomize());
        }
    }

    static List<String> renders() {
        return new ArrayList<>(RENDERED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void manifestsParseStrictlyAndAgreeWithTheApplication(String name) throws Exception {
        Manifests m = Manifests.parse(name, kustomized, RENDERED.get(name));
        assertFalse(m.objects.isEmpty(), name + " rendered nothing");
        List<String> problems = ManifestChecks.run(m, app);
        assertTrue(problems.isEmpty(), name + ":\n  " + String.join("\n  ", problems));
        System.out.printf("[ManifestTest] %s: %d objects parsed and checked%n", name, m.objects.size());
    }

    @Test
    void theApplicationPropertiesAreReadAsExpected() {
        assertEquals(8080, app.httpPort());
        assertEquals("/q/health", app.healthRoot());
        assertTrue(app.placeholders.contains("CONCIERGE_REDIS_URL"), app.placeholders.toString());
        assertTrue(app.reads("CONCIERGE_LLM_ENABLED"));
        assertTrue(app.reads("QUARKUS_HTTP_PORT"), "the env form of quarkus.http.port");
        assertTrue(app.reads("CONCIERGE_CATALOG_SOURCE"), "the env form of concierge.catalog.source");
        assertFalse(app.reads("CONCIERGE_REDIS_HOST"));
        assertEquals(10, AppConfig.duration("10s").toSeconds());
        assertEquals(90, AppConfig.duration("PT1M30S").toSeconds());
    }

    @Test
    void theImageRunsG1AndHeapSizesAreRead() {
        assertEquals("-XX:+UseG1GC", Dockerfile.read().env().get("GC_CONTAINER_OPTIONS"),
                "without it run-java.sh picks " + ManifestChecks.IMAGE_DEFAULT_GC + " with a heap held small");
        Dockerfile d = Dockerfile.parse("FROM x\nENV A=\"-Xms1g -Da=b\" B=2\nENV B=3\n");
        assertEquals(Map.of("A", "-Xms1g -Da=b", "B", "3"), d.env());
        assertEquals(512L << 20, ManifestChecks.heapOption("-Xms512m -Xmx512M", "-Xmx"));
        assertEquals(2L << 30, ManifestChecks.heapOption("-Xmx1g -Xmx2g", "-Xmx"), "the last one wins, as in the JVM");
        assertEquals(null, ManifestChecks.heapOption("-Xss1m", "-Xms"));
    }

    /**
     * The root README's run command and the load tests' start.sh run the heap each pod runs with: the load test's
     * numbers are the production JVM's (load-tests/README.md, session 30: the JVM's own sizing collected 3 times as
     * often).
     */
    @Test
    void theReadmeAndTheLoadTestRunThePodsHeap() throws Exception {
        Manifests base = Manifests.parse("base", false, Manifests.baseWithoutKustomize());
        String pod = base.workload(ManifestChecks.CONCIERGE).orElseThrow().containers().get(0).getEnv().stream()
                .filter(e -> "JAVA_OPTS".equals(e.getName())).findFirst().orElseThrow().getValue();
        String readme = Files.readString(Manifests.PROJECT.resolve("README.md")).lines()
                .dropWhile(l -> !l.startsWith("```")).skip(1).findFirst().orElseThrow();
        String start = Files.readString(Manifests.PROJECT.resolve("load-tests/scripts/start.sh")).lines()
                .filter(l -> l.contains("${JAVA_BIN:-java}")).findFirst().orElseThrow();
        for (String flag : List.of("-Xms", "-Xmx")) {
            Long size = ManifestChecks.heapOption(pod, flag);
            assertTrue(size != null, "the Deployment's JAVA_OPTS '" + pod + "' has no " + flag);
            assertEquals(size, ManifestChecks.heapOption(readme, flag), "README's run command: " + readme);
            assertEquals(size, ManifestChecks.heapOption(start, flag), "load-tests/scripts/start.sh: " + start);
        }
    }

    /** One deliberate break of a rendered overlay and a fragment of the problem it must produce. */
    record Break(String overlay, String what, String from, String to, String expected) {
    }

    static final List<Break> BREAKS = List.of(
            new Break("prod", "unknown field", "        readinessProbe:\n", "        readinesProbe:\n", "Unrecognized field \"readinesProbe\""),
            new Break("prod", "duplicate key", "  name: concierge\n  namespace: concierge\n",
                    "  name: concierge\n  name: other\n  namespace: concierge\n", "Duplicate field 'name'"),
            new Break("prod", "unknown apiVersion", "apiVersion: autoscaling/v2\n", "apiVersion: autoscaling/v3\n", "not a known Kubernetes kind"),
            new Break("prod", "container port", "        - containerPort: 8080\n", "        - containerPort: 8081\n", "quarkus.http.port=8080"),
            new Break("prod", "liveness path", "path: /q/health/live\n", "path: /health/live\n", "liveness probe path"),
            new Break("prod", "readiness path", "path: /q/health/ready\n", "path: /q/health/live\n", "readiness probe path"),
            new Break("prod", "startup path", "path: /q/health/started\n", "path: /q/metrics\n", "startup probe path"),
            new Break("prod", "ConfigMap key the app does not read", "  CONCIERGE_REDIS_URL: ", "  CONCIERGE_REDIS_HOSTS: ", "CONCIERGE_REDIS_HOSTS is not read"),
            new Break("prod", "placeholder nobody sets", "  CONCIERGE_REDIS_URL: ", "  CONCIERGE_REDIS_HOSTS: ", "reads ${CONCIERGE_REDIS_URL}"),
            new Break("prod", "env var the app does not read", "- name: CONCIERGE_DB_PASSWORD\n", "- name: CONCIERGE_DB_PASS\n", "CONCIERGE_DB_PASS is not read"),
            new Break("prod", "JWT key file not mounted", "file:/etc/concierge/jwt/", "file:/etc/concierge/keys/", "not on any volume mounted"),
            new Break("prod", "Redis URL to a missing Service", "redis://redis:6379", "redis://valkey:6379", "names no rendered Service valkey"),
            new Break("prod", "vLLM Service port", "    port: 8000\n    protocol: TCP\n    targetPort: http\n",
                    "    port: 8001\n    protocol: TCP\n    targetPort: http\n", "has no port 8000"),
            new Break("prod", "LLM base URL port", "http://vllm:8000/v1", "http://vllm:9000/v1", "has no port 9000"),
            new Break("prod", "vLLM --port", "        - --port\n        - \"8000\"\n", "        - --port\n        - \"8001\"\n", "differ"),
            new Break("prod", "model names out of sync", "  CONCIERGE_LLM_MODEL: Qwen/Qwen2.5-7B-Instruct\n",
                    "  CONCIERGE_LLM_MODEL: Qwen/Qwen2.5-14B-Instruct\n", "serves model"),
            new Break("prod", "no GPU", "            nvidia.com/gpu: 1\n", "", "nvidia.com/gpu: 1"),
            new Break("prod", "AOF off", "    appendonly yes\n", "    appendonly no\n", "appendonly yes"),
            new Break("prod", "AOF fsync", "    appendfsync everysec\n", "    appendfsync no\n", "appendfsync everysec"),
            new Break("prod", "Redis data not on the PVC", "    dir /data\n", "    dir /tmp\n", "AOF would not persist"),
            new Break("prod", "root allowed", "          runAsNonRoot: true\n          runAsUser: 185\n",
                    "          runAsNonRoot: false\n          runAsUser: 185\n", "runAsNonRoot: true"),
            new Break("prod", "root user", "          runAsUser: 185\n", "          runAsUser: 0\n", "user 185"),
            new Break("prod", "writable root", "          readOnlyRootFilesystem: true\n", "          readOnlyRootFilesystem: false\n", "readOnlyRootFilesystem"),
            new Break("prod", "capabilities kept", "            drop:\n            - ALL\n", "            drop:\n            - NET_RAW\n", "drop ALL"),
            new Break("prod", "policy lets another app in", "    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: concierge\n",
                    "    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: vllm\n", "something other than the Concierge"),
            new Break("prod", "policy lets other namespaces in", "    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: concierge\n",
                    "    - namespaceSelector: {}\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: concierge\n", "something other than the Concierge"),
            new Break("prod", "no default deny", "  podSelector:\n    matchLabels:\n      concierge.dev/tier: backing\n",
                    "  podSelector:\n    matchLabels:\n      concierge.dev/tier: nothing\n", "no default-deny"),
            new Break("prod", "rolling update may drop pods", "      maxUnavailable: 0\n", "      maxUnavailable: 1\n", "maxUnavailable: 0"),
            new Break("prod", "grace below preStop + both drains", "      terminationGracePeriodSeconds: 30\n", "      terminationGracePeriodSeconds: 25\n", "must exceed"),
            new Break("prod", "the image's default collector", "value: -XX:+UseG1GC\n", "value: -XX:+UseParallelGC\n", "must be -XX:+UseG1GC"),
            new Break("prod", "a heap that may shrink", "value: -Xms512m -Xmx512m\n", "value: -Xms64m -Xmx512m\n", "must fix the heap"),
            new Break("prod", "two heap sizes", "          value: \"0\"\n", "          value: \"50\"\n", "one heap size"),
            new Break("prod", "heap over the limit", "value: -Xms512m -Xmx512m\n", "value: -Xms1g -Xmx1g\n", "exceed the memory limit"),
            new Break("prod", "memory limit too small", "            memory: 1Gi\n          requests:\n", "            memory: 256Mi\n          requests:\n", "memory limit"),
            new Break("prod", "ingress read timeout", "proxy-read-timeout: \"3600\"", "proxy-read-timeout: \"60\"", "proxy-read-timeout"),
            new Break("prod", "SSE buffered", "proxy-buffering: \"off\"", "proxy-buffering: \"on\"", "proxy-buffering off"),
            new Break("prod", "sticky sessions", "    nginx.ingress.kubernetes.io/proxy-body-size:",
                    "    nginx.ingress.kubernetes.io/affinity: cookie\n    nginx.ingress.kubernetes.io/proxy-body-size:", "sticky"),
            new Break("prod", "ingress to a missing port", "              name: http\n        path: /api\n", "              name: web\n        path: /api\n", "not a rendered Service port"),
            new Break("dev", "secret key the Secret lacks", "key: db-password\n", "key: db-pass\n", "which the Secret lacks"),
            new Break("dev", "PostgreSQL URL to a missing Service", "postgresql://postgres:5432/", "postgresql://pg:5432/", "names no rendered Service pg"));

    @Test
    void everyCheckCatchesABrokenManifest() {
        Assumptions.assumeTrue(kustomized, "needs kubectl: the breaks are written against kustomize's output");
        List<String> missed = new ArrayList<>();
        for (Break b : BREAKS) {
            String yaml = RENDERED.get(b.overlay());
            if (!yaml.contains(b.from())) {
                fail("break '" + b.what() + "': the " + b.overlay() + " render no longer contains " + b.from()
                        + " (update the break with the manifest)");
            }
            String broken = yaml.replaceFirst(Pattern.quote(b.from()), Matcher.quoteReplacement(b.to()));
            List<String> problems;
            try {
                problems = ManifestChecks.run(Manifests.parse(b.overlay(), true, broken), app);
            } catch (Exception e) {
                problems = List.of(String.valueOf(e.getMessage()));
            }
            if (problems.stream().noneMatch(p -> p.contains(b.expected()))) {
                missed.add(b.what() + ": expected a problem containing '" + b.expected() + "', got " + problems);
            }
        }
        assertTrue(missed.isEmpty(), "breaks not caught:\n  " + String.join("\n  ", missed));
        System.out.printf("[ManifestTest] %d deliberate breaks, each caught%n", BREAKS.size());
    }
}
