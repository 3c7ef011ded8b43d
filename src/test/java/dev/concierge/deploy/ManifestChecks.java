package dev.concierge.deploy;

import dev.concierge.deploy.Manifests.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules the rendered manifests must keep against the application's configuration. Each method adds
 * a human-readable problem to {@link #problems}; {@code ManifestTest} asserts there are none, and that each
 * rule catches a deliberately broken manifest.
 */
final class ManifestChecks {

    static final String CONCIERGE = "concierge";
    /** Workloads only the Concierge may reach. */
    static final Set<String> BACKING = Set.of("redis", "postgres", "vllm");
    /**
     * Environment variables read by the image (run-java.sh of the UBI OpenJDK image), not by the application.
     * Kept short on purpose: anything else must be something application.properties reads.
     */
    static final Set<String> IMAGE_ENV = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO", "JAVA_OPTS",
            "GC_CONTAINER_OPTIONS");
    /**
     * What run-java.sh passes when GC_CONTAINER_OPTIONS is unset, with -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20
     * -XX:GCTimeRatio=4: measured under load (load-tests/README.md, session 27), a heap held at ~64 MB and a 107 ms
     * full collection every 2 s.
     */
    static final String IMAGE_DEFAULT_GC = "-XX:+UseParallelGC";
    /** Off-heap room the service needs beside the heap: the ONNX runtime, metaspace, code cache, threads, Netty. */
    static final long OFF_HEAP_MIB = 400;

    private final Manifests m;
    private final AppConfig app;
    final List<String> problems = new ArrayList<>();

    private ManifestChecks(Manifests m, AppConfig app) {
        this.m = m;
        this.app = app;
    }

    static List<String> run(Manifests m, AppConfig app) {
        ManifestChecks c = new ManifestChecks(m, app);
        Optional<Workload> concierge = m.workload(CONCIERGE);
        if (concierge.isEmpty()) {
            c.problem("no Deployment with pod label " + Manifests.NAME_LABEL + "=" + CONCIERGE);
            return c.problems;
        }
        Workload w = concierge.get();
        Container ctr = w.containers().get(0);
        c.ports(w, ctr);
        c.probes(ctr);
        Map<String, String> env = c.environment(w, ctr);
        c.security(w, ctr);
        c.rollout(w, ctr);
        c.jvm(ctr, env, Dockerfile.read());
        c.ingress();
        c.llm(env);
        if (m.complete) {
            c.inCluster(env, "CONCIERGE_REDIS_URL");
            c.inCluster(env, "CONCIERGE_DB_URL");
        }
        c.redis();
        c.networkPolicies(w);
        c.services();
        return c.problems;
    }

    private void problem(String p) {
        problems.add(p);
    }

    // ----------------------------------------------------------------------------------------- ports, probes

    private void ports(Workload w, Container ctr) {
        int port = app.httpPort();
        Optional<ContainerPort> http = ctr.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst();
        if (http.isEmpty() || http.get().getContainerPort() != port) {
            problem("Concierge container port 'http' must be quarkus.http.port=" + port + ", is "
                    + http.map(ContainerPort::getContainerPort).orElse(null));
        }
        Optional<Service> svc = m.named(Service.class, CONCIERGE);
        Optional<ServicePort> sp = svc.flatMap(s -> s.getSpec().getPorts().stream()
                .filter(p -> "http".equals(p.getName())).findFirst());
        if (sp.isEmpty() || sp.get().getPort() != port) {
            problem("Service concierge needs a port named http = " + port + ", has " + sp.map(ServicePort::getPort).orElse(null));
        } else if (!Objects.equals(resolve(ctr, sp.get().getTargetPort()), port)) {
            problem("Service concierge targetPort " + fmt(sp.get().getTargetPort()) + " is not the container's port " + port);
        }
    }

    private void probes(Container ctr) {
        String root = app.healthRoot();
        probe("liveness", ctr, ctr.getLivenessProbe(), Set.of(root + "/live"));
        probe("readiness", ctr, ctr.getReadinessProbe(), Set.of(root + "/ready"));
        probe("startup", ctr, ctr.getStartupProbe(), Set.of(root + "/started", root + "/ready"));
    }

    private void probe(String kind, Container ctr, Probe p, Set<String> paths) {
        if (p == null || p.getHttpGet() == null) {
            problem("Concierge has no HTTP " + kind + " probe");
            return;
        }
        if (!paths.contains(p.getHttpGet().getPath())) {
            problem("Concierge " + kind + " probe path " + p.getHttpGet().getPath() + " is not one of " + paths);
        }
        if (!Objects.equals(resolve(ctr, p.getHttpGet().getPort()), app.httpPort())) {
            problem("Concierge " + kind + " probe port " + fmt(p.getHttpGet().getPort()) + " is not quarkus.http.port");
        }
    }

    private static String fmt(IntOrString p) {
        return p == null ? "none" : p.getIntVal() != null ? String.valueOf(p.getIntVal()) : p.getStrVal();
    }

    /** A numeric or named container port. */
    private static Integer resolve(Container ctr, IntOrString port) {
        if (port == null) {
            return null;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return ctr.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    /** A port the workload's containers declare (by name or number), else null. */
    private static Integer resolve(Workload w, IntOrString port) {
        if (port == null) {
            return null;
        }
        return w.containers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> port.getIntVal() != null ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    // ----------------------------------------------------------------------------------------- environment

    /** The Concierge's environment (ConfigMap values where known), checked against application.properties. */
    private Map<String, String> environment(Workload w, Container ctr) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : ctr.getEnvFrom()) {
            if (from.getConfigMapRef() == null) {
                problem("Concierge envFrom may only use ConfigMaps (secrets go in env with secretKeyRef): " + from);
                continue;
            }
            Optional<ConfigMap> cm = m.named(ConfigMap.class, from.getConfigMapRef().getName());
            if (cm.isEmpty()) {
                problem("Concierge envFrom names ConfigMap " + from.getConfigMapRef().getName() + ", which is not rendered");
                continue;
            }
            cm.get().getData().forEach((k, v) -> {
                if (!app.reads(k)) {
                    problem("ConfigMap " + cm.get().getMetadata().getName() + " key " + k
                            + " is not read by application.properties (no ${" + k + "} and no property of that env name)");
                }
                env.put(k, v);
            });
        }
        for (EnvVar e : ctr.getEnv()) {
            if (!app.reads(e.getName()) && !IMAGE_ENV.contains(e.getName())) {
                problem("Concierge env " + e.getName() + " is not read by application.properties");
            }
            env.put(e.getName(), e.getValue());
            if (e.getValueFrom() != null) {
                refExists(e);
            }
        }
        for (String placeholder : app.placeholders) {
            if (!env.containsKey(placeholder)) {
                problem("application.properties reads ${" + placeholder + "} but the Concierge Deployment does not set it");
            }
        }
        // A file: location (the JWT public key) must be on a mounted volume.
        env.forEach((k, v) -> {
            if (v != null && v.startsWith("file:")) {
                String path = v.substring("file:".length());
                boolean mounted = ctr.getVolumeMounts().stream().anyMatch(vm -> path.startsWith(vm.getMountPath() + "/"));
                if (!mounted) {
                    problem(k + "=" + v + " is not on any volume mounted in the Concierge container");
                }
            }
        });
        return env;
    }

    private void refExists(EnvVar e) {
        var cmRef = e.getValueFrom().getConfigMapKeyRef();
        if (cmRef != null) {
            Optional<ConfigMap> cm = m.named(ConfigMap.class, cmRef.getName());
            if (cm.isEmpty() || !cm.get().getData().containsKey(cmRef.getKey())) {
                problem("env " + e.getName() + " refers to ConfigMap key " + cmRef.getName() + "/" + cmRef.getKey() + ", not rendered");
            }
        }
        var secretRef = e.getValueFrom().getSecretKeyRef();
        if (secretRef != null) {
            // Only checkable where the overlay generates the Secret (dev); prod's is created by hand.
            m.named(Secret.class, secretRef.getName()).ifPresent(s -> {
                Set<String> keys = new java.util.HashSet<>();
                if (s.getData() != null) {
                    keys.addAll(s.getData().keySet());
                }
                if (s.getStringData() != null) {
                    keys.addAll(s.getStringData().keySet());
                }
                if (!keys.contains(secretRef.getKey())) {
                    problem("env " + e.getName() + " refers to Secret key " + secretRef.getName() + "/" + secretRef.getKey()
                            + ", which the Secret lacks (has " + keys + ")");
                }
            });
        }
    }

    // ----------------------------------------------------------------------------------------- pod security

    private void security(Workload w, Container ctr) {
        PodSecurityContext pod = w.template().getSpec().getSecurityContext();
        SecurityContext c = ctr.getSecurityContext();
        if (c == null) {
            problem("Concierge container has no securityContext");
            return;
        }
        Boolean nonRoot = c.getRunAsNonRoot() != null ? c.getRunAsNonRoot() : pod == null ? null : pod.getRunAsNonRoot();
        Long uid = c.getRunAsUser() != null ? c.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        if (!Boolean.TRUE.equals(nonRoot)) {
            problem("Concierge must set runAsNonRoot: true");
        }
        if (uid == null || uid != 185) {
            problem("Concierge must run as user 185 (the image's user), runs as " + uid);
        }
        if (!Boolean.TRUE.equals(c.getReadOnlyRootFilesystem())) {
            problem("Concierge must have readOnlyRootFilesystem: true");
        }
        if (!Boolean.FALSE.equals(c.getAllowPrivilegeEscalation())) {
            problem("Concierge must set allowPrivilegeEscalation: false");
        }
        if (c.getCapabilities() == null || !c.getCapabilities().getDrop().contains("ALL")) {
            problem("Concierge must drop ALL capabilities");
        }
        Optional<VolumeMount> tmp = ctr.getVolumeMounts().stream().filter(v -> "/tmp".equals(v.getMountPath())).findFirst();
        boolean tmpIsEmptyDir = tmp.flatMap(t -> volume(w, t.getName())).map(v -> v.getEmptyDir() != null).orElse(false);
        if (!tmpIsEmptyDir) {
            problem("Concierge needs an emptyDir at /tmp (read-only root filesystem)");
        }
        // Backing stores run as non-root too (vLLM's image needs root and is exempt, see k8s/README.md).
        for (String app : Set.of("redis", "postgres")) {
            m.workload(app).ifPresent(b -> {
                PodSecurityContext ps = b.template().getSpec().getSecurityContext();
                if (ps == null || !Boolean.TRUE.equals(ps.getRunAsNonRoot())) {
                    problem(b.describe() + " must set runAsNonRoot: true");
                }
            });
        }
    }

    private static Optional<Volume> volume(Workload w, String name) {
        return w.template().getSpec().getVolumes().stream().filter(v -> name.equals(v.getName())).findFirst();
    }

    // ----------------------------------------------------------------------------------------- rollout, resources

    private static long preStopSleepSeconds(Container ctr) {
        var preStop = ctr.getLifecycle() == null ? null : ctr.getLifecycle().getPreStop();
        List<String> cmd = preStop == null || preStop.getExec() == null ? List.of() : preStop.getExec().getCommand();
        return cmd.size() == 2 && "sleep".equals(cmd.get(0)) ? Long.parseLong(cmd.get(1)) : 0;
    }

    private void rollout(Workload w, Container ctr) {
        Deployment d = (Deployment) w.owner();
        var rolling = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        if (rolling == null || rolling.getMaxUnavailable() == null
                || !Objects.equals(rolling.getMaxUnavailable().getIntVal(), 0)) {
            problem("Concierge rolling update must have maxUnavailable: 0");
        }
        // a stop runs the preStop pause, then the chat sockets' drain, then Quarkus's HTTP drain: the grace period covers all
        Long grace = w.template().getSpec().getTerminationGracePeriodSeconds();
        long preStop = preStopSleepSeconds(ctr);
        long sockets = app.socketDrainTimeout().toSeconds();
        long shutdown = app.shutdownTimeout().toSeconds();
        if (grace == null || grace <= preStop + sockets + shutdown) {
            problem("terminationGracePeriodSeconds " + grace + " must exceed the preStop sleep (" + preStop
                    + " s) + concierge.ws.drain-timeout (" + sockets + " s) + quarkus.shutdown.timeout (" + shutdown + " s)");
        }
        var res = ctr.getResources();
        Quantity reqMem = res == null ? null : res.getRequests().get("memory");
        Quantity limMem = res == null ? null : res.getLimits().get("memory");
        if (reqMem == null || limMem == null || res.getRequests().get("cpu") == null) {
            problem("Concierge needs cpu and memory requests and a memory limit");
            return;
        }
        // JVM + in-process ONNX embedding model: ~400-600 MiB working set.
        long mib = 1024L * 1024;
        if (Quantity.getAmountInBytes(limMem).longValue() < 768 * mib) {
            problem("Concierge memory limit " + limMem + " is below 768Mi (JVM + ONNX model need ~400-600 MiB)");
        }
        if (Quantity.getAmountInBytes(reqMem).longValue() < 512 * mib) {
            problem("Concierge memory request " + reqMem + " is below 512Mi");
        }
    }

    // ----------------------------------------------------------------------------------------- JVM

    /**
     * The collector and the heap the image's run-java.sh will start the JVM with: G1 (the one load-tested; the
     * image's own default keeps the heap tiny), and a fixed heap (-Xms = -Xmx in JAVA_OPTS) that leaves the memory
     * limit room for what lives off the heap. A heap that may shrink is collected more often, and G1's concurrent
     * cycles start sooner in it (load-tests/README.md, session 27).
     */
    private void jvm(Container ctr, Map<String, String> env, Dockerfile image) {
        String gc = env.getOrDefault("GC_CONTAINER_OPTIONS",
                image.env().getOrDefault("GC_CONTAINER_OPTIONS", IMAGE_DEFAULT_GC));
        if (!gc.contains("-XX:+UseG1GC")) {
            problem("the JVM's collector is '" + gc + "' (GC_CONTAINER_OPTIONS of the Deployment or the image,"
                    + " else the image's " + IMAGE_DEFAULT_GC + "): must be -XX:+UseG1GC");
        }
        String opts = env.getOrDefault("JAVA_OPTS", "");
        Long xms = heapOption(opts, "-Xms");
        Long xmx = heapOption(opts, "-Xmx");
        if (xms == null || !xms.equals(xmx)) {
            problem("JAVA_OPTS '" + opts + "' must fix the heap: -Xms equal to -Xmx");
            return;
        }
        if (!"0".equals(env.get("JAVA_MAX_MEM_RATIO"))) {
            problem("JAVA_MAX_MEM_RATIO must be \"0\" when JAVA_OPTS sizes the heap"
                    + " (one heap size on the command line)");
        }
        Quantity limit = ctr.getResources() == null ? null : ctr.getResources().getLimits().get("memory");
        long mib = 1024L * 1024;
        if (limit != null && xmx + OFF_HEAP_MIB * mib > Quantity.getAmountInBytes(limit).longValue()) {
            problem("heap -Xmx" + xmx / mib + "m + " + OFF_HEAP_MIB + " MiB off the heap exceed the memory limit "
                    + limit);
        }
    }

    /** The byte size of the last {@code -Xms}/{@code -Xmx} option (k, m, g suffixes), or null. */
    static Long heapOption(String opts, String flag) {
        Long size = null;
        for (String o : opts.trim().split("\\s+")) {
            if (o.startsWith(flag) && o.length() > flag.length()) {
                String v = o.substring(flag.length()).toLowerCase();
                long unit = switch (v.charAt(v.length() - 1)) {
                    case 'k' -> 1024L;
                    case 'm' -> 1024L * 1024;
                    case 'g' -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
                size = Long.parseLong(unit == 1L ? v : v.substring(0, v.length() - 1)) * unit;
            }
        }
        return size;
    }

    // ----------------------------------------------------------------------------------------- ingress

    private void ingress() {
        List<Ingress> ingresses = m.all(Ingress.class);
        if (ingresses.isEmpty()) {
            problem("no Ingress");
        }
        for (Ingress i : ingresses) {
            Map<String, String> a = i.getMetadata().getAnnotations();
            for (String t : List.of("proxy-read-timeout", "proxy-send-timeout")) {
                String v = a.get("nginx.ingress.kubernetes.io/" + t);
                if (v == null || !v.matches("\\d+") || Integer.parseInt(v) < 3600) {
                    problem("Ingress " + t + " must be >= 3600 s for WebSocket/SSE, is " + v);
                }
            }
            if (!"off".equals(a.get("nginx.ingress.kubernetes.io/proxy-buffering"))) {
                problem("Ingress must turn proxy-buffering off (SSE)");
            }
            if (a.containsKey("nginx.ingress.kubernetes.io/affinity")) {
                problem("Ingress must not use sticky sessions: the service is stateless");
            }
            List<IngressBackend> backends = new ArrayList<>();
            i.getSpec().getRules().forEach(r -> r.getHttp().getPaths().forEach(p -> backends.add(p.getBackend())));
            for (IngressBackend b : backends) {
                String svc = b.getService().getName();
                var port = b.getService().getPort();
                boolean ok = m.named(Service.class, svc).map(s -> s.getSpec().getPorts().stream().anyMatch(p ->
                        Objects.equals(port.getName(), p.getName()) || Objects.equals(port.getNumber(), p.getPort()))).orElse(false);
                if (!ok) {
                    problem("Ingress backend " + svc + ":" + (port.getName() != null ? port.getName() : port.getNumber())
                            + " is not a rendered Service port");
                }
            }
        }
    }

    /** A URL whose host is a bare name must name a rendered Service with that port (e.g. redis://redis:6379). */
    private void inCluster(Map<String, String> env, String key) {
        String url = env.get(key);
        if (url == null) {
            return; // reported by environment()
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getHost().contains(".")) {
            return; // outside the cluster (managed service) or a FQDN: not ours to check
        }
        boolean ok = m.named(Service.class, uri.getHost())
                .map(s -> s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == uri.getPort())).orElse(false);
        if (!ok) {
            problem(key + "=" + url + " names no rendered Service " + uri.getHost() + " with port " + uri.getPort());
        }
    }

    // ----------------------------------------------------------------------------------------- LLM / vLLM

    private void llm(Map<String, String> env) {
        boolean enabled = Boolean.parseBoolean(env.getOrDefault("CONCIERGE_LLM_ENABLED", "false"));
        Optional<Workload> vllm = m.workload("vllm");
        if (!enabled) {
            return; // offline replies; a vLLM, if rendered, is still checked by the network-policy rules
        }
        String base = env.get("CONCIERGE_LLM_BASE_URL");
        if (base == null) {
            problem("CONCIERGE_LLM_ENABLED=true without CONCIERGE_LLM_BASE_URL in the ConfigMap");
            return;
        }
        URI uri = URI.create(base);
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        String svcName = host.split("\\.")[0];
        boolean inCluster = !host.contains(".") || host.contains(".svc");
        if (!inCluster) {
            return; // an LLM outside the cluster: nothing here to compare with
        }
        Optional<Service> svc = m.named(Service.class, svcName);
        if (svc.isEmpty()) {
            problem("CONCIERGE_LLM_BASE_URL " + base + " names Service " + svcName + ", which is not rendered");
            return;
        }
        Optional<ServicePort> sp = svc.get().getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst();
        if (sp.isEmpty()) {
            problem("Service " + svcName + " has no port " + port + " (from CONCIERGE_LLM_BASE_URL " + base + ")");
            return;
        }
        if (vllm.isEmpty()) {
            problem("the LLM is enabled and points at Service " + svcName + " but no vLLM workload is rendered");
            return;
        }
        Workload v = vllm.get();
        if (!selects(svc.get().getSpec().getSelector(), v.podLabels())) {
            problem("Service " + svcName + " does not select the vLLM pods");
        }
        Container c = v.containers().get(0);
        Integer target = resolve(c, sp.get().getTargetPort());
        List<String> args = c.getArgs();
        int i = args.indexOf("--port");
        String argPort = i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
        if (target == null || !String.valueOf(target).equals(argPort)) {
            problem("vLLM Service targetPort (" + target + ") and vLLM --port (" + argPort + ") differ");
        }
        if (!args.contains("--model")) {
            problem("vLLM needs --model");
        }
        Map<String, String> vEnv = envValues(c);
        String model = args.indexOf("--model") + 1 < args.size() ? expand(args.get(args.indexOf("--model") + 1), vEnv) : null;
        if (!Objects.equals(model, env.get("CONCIERGE_LLM_MODEL"))) {
            problem("vLLM serves model " + model + " but CONCIERGE_LLM_MODEL=" + env.get("CONCIERGE_LLM_MODEL"));
        }
        if (c.getReadinessProbe() == null || c.getReadinessProbe().getHttpGet() == null
                || !"/health".equals(c.getReadinessProbe().getHttpGet().getPath())) {
            problem("vLLM readiness probe must be GET /health");
        }
        Quantity gpu = c.getResources() == null ? null : c.getResources().getLimits().get("nvidia.com/gpu");
        if (gpu == null || !"1".equals(gpu.toString())) {
            problem("vLLM needs limits nvidia.com/gpu: 1");
        }
        var spec = v.template().getSpec();
        if (spec.getNodeSelector().isEmpty() || spec.getTolerations().stream().noneMatch(t -> "nvidia.com/gpu".equals(t.getKey()))) {
            problem("vLLM needs a GPU nodeSelector and a nvidia.com/gpu toleration");
        }
    }

    /** Env values of a container, ConfigMap references resolved. */
    private Map<String, String> envValues(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            String v = e.getValue();
            if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                v = m.named(ConfigMap.class, ref.getName()).map(cm -> cm.getData().get(ref.getKey())).orElse(null);
            }
            env.put(e.getName(), v);
        }
        return env;
    }

    /** Kubernetes' $(VAR) expansion in args. */
    private static String expand(String arg, Map<String, String> env) {
        String out = arg;
        for (var e : env.entrySet()) {
            if (e.getValue() != null) {
                out = out.replace("$(" + e.getKey() + ")", e.getValue());
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------- Redis

    private void redis() {
        Optional<Workload> redis = m.workload("redis");
        if (redis.isEmpty() || !(redis.get().owner() instanceof StatefulSet sts)) {
            problem("no Redis StatefulSet");
            return;
        }
        Workload w = redis.get();
        Container c = w.containers().get(0);
        List<String> cmd = new ArrayList<>(c.getCommand());
        cmd.addAll(c.getArgs());
        Optional<String> confPath = cmd.stream().filter(s -> s.endsWith(".conf")).findFirst();
        if (confPath.isEmpty()) {
            problem("Redis is not started with a config file (command/args without *.conf)");
            return;
        }
        String dir = confPath.get().substring(0, confPath.get().lastIndexOf('/'));
        String file = confPath.get().substring(confPath.get().lastIndexOf('/') + 1);
        Optional<String> conf = c.getVolumeMounts().stream().filter(vm -> dir.equals(vm.getMountPath()))
                .findFirst().flatMap(vm -> volume(w, vm.getName()))
                .filter(v -> v.getConfigMap() != null)
                .flatMap(v -> m.named(ConfigMap.class, v.getConfigMap().getName()))
                .map(cm -> cm.getData().get(file));
        if (conf.isEmpty()) {
            problem("Redis config " + confPath.get() + " is not a key of a ConfigMap mounted at " + dir);
            return;
        }
        Map<String, String> directives = new LinkedHashMap<>();
        conf.get().lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
            String[] kv = l.split("\\s+", 2);
            directives.put(kv[0].toLowerCase(), kv.length > 1 ? kv[1] : "");
        });
        if (!"yes".equals(directives.get("appendonly"))) {
            problem("Redis config must say 'appendonly yes', says " + directives.get("appendonly"));
        }
        if (!"everysec".equals(directives.get("appendfsync"))) {
            problem("Redis config must say 'appendfsync everysec', says " + directives.get("appendfsync"));
        }
        String dataDir = directives.get("dir");
        Set<String> claims = new java.util.HashSet<>();
        sts.getSpec().getVolumeClaimTemplates().forEach(p -> claims.add(p.getMetadata().getName()));
        boolean persistent = c.getVolumeMounts().stream()
                .anyMatch(vm -> vm.getMountPath().equals(dataDir) && claims.contains(vm.getName()));
        if (!persistent) {
            problem("Redis 'dir " + dataDir + "' is not a volumeClaimTemplate mount: the AOF would not persist");
        }
    }

    // ----------------------------------------------------------------------------------------- NetworkPolicies

    private void networkPolicies(Workload concierge) {
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        for (Workload b : m.workloads()) {
            if (!BACKING.contains(b.app())) {
                continue;
            }
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(p -> selects(p.getSpec().getPodSelector(), b.podLabels())).toList();
            boolean defaultDeny = selecting.stream().anyMatch(p -> p.getSpec().getPolicyTypes().contains("Ingress")
                    && p.getSpec().getIngress().isEmpty());
            if (!defaultDeny) {
                problem(b.describe() + " has no default-deny ingress NetworkPolicy");
            }
            boolean allowsConcierge = false;
            for (NetworkPolicy p : selecting) {
                if (!p.getSpec().getPolicyTypes().contains("Ingress")) {
                    problem("NetworkPolicy " + name(p) + " selects " + b.describe() + " without policyTypes Ingress");
                }
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    if (rule.getFrom().isEmpty()) {
                        problem("NetworkPolicy " + name(p) + " lets anyone reach " + b.describe() + " (empty from)");
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null || peer.getPodSelector() == null
                                || !onlyConcierge(peer.getPodSelector(), concierge)) {
                            problem("NetworkPolicy " + name(p) + " lets something other than the Concierge pods reach "
                                    + b.describe() + ": " + peer);
                        } else {
                            allowsConcierge = true;
                        }
                    }
                    if (rule.getPorts().isEmpty()) {
                        problem("NetworkPolicy " + name(p) + " opens every port of " + b.describe());
                    }
                    for (NetworkPolicyPort port : rule.getPorts()) {
                        if (resolve(b, port.getPort()) == null) {
                            problem("NetworkPolicy " + name(p) + " port " + fmt(port.getPort()) + " is no port of " + b.describe());
                        }
                    }
                }
            }
            if (!allowsConcierge) {
                problem("no NetworkPolicy lets the Concierge reach " + b.describe());
            }
        }
    }

    /** The selector picks the Concierge pods and none of the other rendered workloads. */
    private boolean onlyConcierge(LabelSelector s, Workload concierge) {
        if (s.getMatchLabels().isEmpty() || !s.getMatchExpressions().isEmpty()) {
            return false;
        }
        if (!selects(s, concierge.podLabels())) {
            return false;
        }
        return m.workloads().stream().filter(w -> w != concierge && !CONCIERGE.equals(w.app()))
                .noneMatch(w -> selects(s, w.podLabels()));
    }

    private static boolean selects(LabelSelector s, Map<String, String> labels) {
        if (s == null) {
            return false;
        }
        if (!s.getMatchExpressions().isEmpty()) {
            throw new IllegalArgumentException("matchExpressions are not supported by these checks: " + s);
        }
        return selects(s.getMatchLabels(), labels);
    }

    private static boolean selects(Map<String, String> matchLabels, Map<String, String> labels) {
        return matchLabels != null && labels.entrySet().containsAll(matchLabels.entrySet());
    }

    private static String name(NetworkPolicy p) {
        return p.getMetadata().getName();
    }

    // ----------------------------------------------------------------------------------------- services

    /** Every Service selects a rendered workload and its targetPorts exist on it. */
    private void services() {
        for (Service s : m.all(Service.class)) {
            Optional<Workload> w = m.workloads().stream().filter(x -> selects(s.getSpec().getSelector(), x.podLabels())).findFirst();
            if (w.isEmpty()) {
                problem("Service " + s.getMetadata().getName() + " selects no rendered workload");
                continue;
            }
            for (ServicePort p : s.getSpec().getPorts()) {
                IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
                if (resolve(w.get(), target) == null) {
                    problem("Service " + s.getMetadata().getName() + " targetPort " + fmt(target) + " is no port of " + w.get().describe());
                }
            }
        }
    }
}
