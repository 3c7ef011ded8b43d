package dev.concierge.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Says at startup which collector, heap and processors the JVM runs with, so that an operator can read from a pod's
 * log whether its JVM options took effect, and warns when the collector is not the G1 that was load-tested: the UBI
 * OpenJDK image's run-java.sh picks Parallel with small-heap settings unless told otherwise, and under load that made a
 * 107 ms full collection every 2 s (load-tests/README.md, session 27).
 */
@ApplicationScoped
public class JvmReport {

    private static final Logger LOG = Logger.getLogger(JvmReport.class);
    private static final long MIB = 1024 * 1024;

    /** The line to log and whether it is a warning. */
    record Line(String text, boolean warn) {
    }

    void log(@Observes StartupEvent ev) {
        List<String> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        Line line = describe(collectors, minHeap(), max, Runtime.getRuntime().availableProcessors());
        if (line.warn()) {
            LOG.warn(line.text());
        } else {
            LOG.info(line.text());
        }
    }

    /**
     * The size the heap may shrink to (-Xms), or -1. Not the initial size: -XX:InitialRAMPercentage raises that alone,
     * and such a G1 heap shrank to half of it under load (load-tests/README.md, session 27).
     */
    static long minHeap() {
        try {
            return Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MinHeapSize").getValue());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** {@code minHeap} and {@code maxHeap} in bytes (-1 where the JVM does not say). */
    static Line describe(List<String> collectors, long minHeap, long maxHeap, int processors) {
        String heap = maxHeap < 0 ? "heap without a maximum"
                : minHeap >= maxHeap ? "heap fixed at " + maxHeap / MIB + " MiB"
                : "heap " + Math.max(0, minHeap) / MIB + "-" + maxHeap / MIB + " MiB (it may grow and shrink)";
        String text = "JVM: " + String.join(" + ", collectors) + ", " + heap + ", " + processors + " processors";
        boolean g1 = collectors.stream().anyMatch(c -> c.startsWith("G1 "));
        if (!g1) {
            return new Line(text + ". The service was load-tested with G1 (-XX:+UseG1GC; the UBI image: "
                    + "GC_CONTAINER_OPTIONS=-XX:+UseG1GC); see load-tests/README.md, session 27", true);
        }
        return new Line(text, false);
    }
}
