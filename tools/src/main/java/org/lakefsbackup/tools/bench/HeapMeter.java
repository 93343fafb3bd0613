package org.lakefsbackup.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Heap measurements from {@code java.lang.management}. {@link #peak} is the sum of each heap pool's peak since
 * {@link #resetPeaks}: an upper bound of the instantaneous peak that includes garbage not yet collected, so it
 * mostly shows how far the collector let the young generation grow. {@link #live} forces a full collection
 * first and so measures what is actually retained.
 */
public final class HeapMeter {
    private HeapMeter() {
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .filter(MemoryPoolMXBean::isValid).toList();
    }

    public static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of every heap pool's peak usage since the last {@link #resetPeaks}, in bytes. */
    public static long peak() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** Heap in use after a full collection ({@link System#gc()}, honoured unless -XX:+DisableExplicitGC), in bytes. */
    public static long live() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The maximum heap ({@code -Xmx}), in bytes. */
    public static long max() {
        return Runtime.getRuntime().maxMemory();
    }
}
