package dev.concierge.platform;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmReportTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void g1WithAFixedHeapIsReportedWithoutAWarning() {
        JvmReport.Line line = JvmReport.describe(List.of("G1 Young Generation", "G1 Old Generation"),
                512 * MIB, 512 * MIB, 2);
        assertEquals("JVM: G1 Young Generation + G1 Old Generation, heap fixed at 512 MiB, 2 processors", line.text());
        assertFalse(line.warn());
    }

    @Test
    void theImagesParallelCollectorIsAWarningThatSaysWhatToSet() {
        JvmReport.Line line = JvmReport.describe(List.of("PS Scavenge", "PS MarkSweep"), 16 * MIB, 512 * MIB, 2);
        assertTrue(line.warn());
        assertTrue(line.text().startsWith("JVM: PS Scavenge + PS MarkSweep, heap 16-512 MiB (it may grow and shrink)"),
                line.text());
        assertTrue(line.text().contains("GC_CONTAINER_OPTIONS=-XX:+UseG1GC"), line.text());
    }

    @Test
    void serialIsAWarningToo() {
        assertTrue(JvmReport.describe(List.of("Copy", "MarkSweepCompact"), 8 * MIB, 256 * MIB, 1).warn());
    }

    @Test
    void thisJvmsOwnCollectorsAreNamed() {
        List<String> names = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        int cpus = Runtime.getRuntime().availableProcessors();
        JvmReport.Line line = JvmReport.describe(names, 64 * MIB, 1024 * MIB, cpus);
        names.forEach(n -> assertTrue(line.text().contains(n), line.text()));
        assertEquals(names.stream().noneMatch(n -> n.startsWith("G1 ")), line.warn(), line.text());
    }

    @Test
    void theHeapsFloorIsReadFromTheJvm() {
        // -1 would make every heap read as one that may shrink, whatever -Xms says
        assertTrue(JvmReport.minHeap() > 0, "MinHeapSize " + JvmReport.minHeap());
    }
}
