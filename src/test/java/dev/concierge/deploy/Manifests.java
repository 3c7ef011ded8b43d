package dev.concierge.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The rendered k8s/ manifests of one overlay, parsed strictly into fabric8's typed model.
 *
 * <p>Strict means: an unknown field, a duplicate key or an unknown kind/apiVersion is an error. fabric8's
 * model classes swallow unknown fields into {@code additionalProperties} through {@code @JsonAnySetter}, so
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} alone would accept {@code readinesProbe:}; the mapper here also turns
 * the any-setters off, which makes Jackson report the field.
 */
final class Manifests {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path K8S = PROJECT.resolve("k8s");

    /** Label every workload carries; the Concierge pods have {@code app.kubernetes.io/name=concierge}. */
    static final String NAME_LABEL = "app.kubernetes.io/name";

    final String source;
    /** A whole overlay rendered by kustomize (not the base files read without it). */
    final boolean complete;
    final List<HasMetadata> objects;

    private Manifests(String source, boolean complete, List<HasMetadata> objects) {
        this.source = source;
        this.complete = complete;
        this.objects = objects;
    }

    // ------------------------------------------------------------------------------------------ rendering

    /** kubectl from the PATH; -Dk8s.no-kubectl=true pretends there is none (to exercise the fallback). */
    static Optional<Path> kubectl() {
        if (Boolean.getBoolean("k8s.no-kubectl")) {
            return Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code kubectl kustomize k8s/overlays/NAME}; the render must succeed. */
    static String kustomize(Path kubectl, String overlay) throws IOException, InterruptedException {
        Path dir = K8S.resolve("overlays").resolve(overlay);
        Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
        Path err = Files.createTempFile("kustomize-" + overlay, ".err");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Without kubectl: the base's resource files as they are, plus the ConfigMaps its configMapGenerator
     * would make (envs, files, literals; no name hash). Overlays, components and patches are not applied.
     */
    static String baseWithoutKustomize() throws IOException {
        Path base = K8S.resolve("base");
        JsonNode k = new YAMLMapper().readTree(base.resolve("kustomization.yaml").toFile());
        StringBuilder all = new StringBuilder();
        for (JsonNode r : k.path("resources")) {
            Path f = base.resolve(r.asText());
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException("the fallback only reads resource files, not " + f);
            }
            all.append("---\n").append(Files.readString(f)).append('\n');
        }
        YAMLMapper out = new YAMLMapper();
        for (JsonNode g : k.path("configMapGenerator")) {
            Map<String, String> data = new LinkedHashMap<>();
            for (JsonNode env : g.path("envs")) {
                for (String line : Files.readAllLines(base.resolve(env.asText()), StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        int eq = line.indexOf('=');
                        data.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            for (JsonNode file : g.path("files")) {
                String spec = file.asText();
                int eq = spec.indexOf('=');
                String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
                data.put(key, Files.readString(base.resolve(eq < 0 ? spec : spec.substring(eq + 1))));
            }
            for (JsonNode lit : g.path("literals")) {
                int eq = lit.asText().indexOf('=');
                data.put(lit.asText().substring(0, eq), lit.asText().substring(eq + 1));
            }
            ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(g.path("name").asText()).endMetadata()
                    .withData(data).build();
            all.append("---\n").append(out.writeValueAsString(cm));
        }
        return all.toString();
    }

    // ------------------------------------------------------------------------------------------ parsing

    static YAMLMapper strictMapper() {
        return YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                        // fabric8's additionalProperties catch-all: off, except on the class fabric8 falls back to
                        // for an unknown kind, which parse() then reports by name.
                        if (a instanceof AnnotatedMember member && member.getDeclaringClass() == GenericKubernetesResource.class) {
                            return super.hasAnySetter(a);
                        }
                        return Boolean.FALSE;
                    }
                })
                .build();
    }

    /** Parses a multi-document YAML stream; every document must be a known kind with only known fields. */
    static Manifests parse(String source, boolean complete, String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (var it = strictMapper().readerFor(KubernetesResource.class).<KubernetesResource>readValues(yaml)) {
            while (it.hasNext()) {
                KubernetesResource r = it.next();
                if (r == null) {
                    continue; // empty document
                }
                if (r instanceof GenericKubernetesResource g) {
                    throw new IllegalArgumentException(source + ": " + g.getApiVersion() + "/" + g.getKind() + " "
                            + g.getMetadata().getName() + " is not a known Kubernetes kind (typo in apiVersion or kind?)");
                }
                if (!(r instanceof HasMetadata h)) {
                    throw new IllegalArgumentException(source + ": " + r.getClass().getSimpleName() + " has no metadata");
                }
                objects.add(h);
            }
        }
        return new Manifests(source, complete, objects);
    }

    // ------------------------------------------------------------------------------------------ look-ups

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    /** A Deployment or StatefulSet, seen through its pod template. */
    record Workload(HasMetadata owner, PodTemplateSpec template) {
        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }

        String app() {
            return podLabels().get(NAME_LABEL);
        }

        List<Container> containers() {
            return template.getSpec().getContainers();
        }

        String describe() {
            return owner.getKind() + "/" + owner.getMetadata().getName();
        }
    }

    List<Workload> workloads() {
        List<Workload> w = new ArrayList<>();
        all(Deployment.class).forEach(d -> w.add(new Workload(d, d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> w.add(new Workload(s, s.getSpec().getTemplate())));
        return w;
    }

    Optional<Workload> workload(String app) {
        return workloads().stream().filter(w -> app.equals(w.app())).findFirst();
    }
}
