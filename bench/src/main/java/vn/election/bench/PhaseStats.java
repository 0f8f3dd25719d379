package vn.election.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** CPU and GC use of this JVM over one phase: tells whether a figure is CPU-bound or GC-bound. */
final class PhaseStats {

    /** Process CPU as a share of all cores, GC time as a share of wall time, heap used at the end. */
    record Usage(double cpuPct, double gcPct, long heapUsedMb, long gcCount) {
    }

    private final long wallStart = System.nanoTime();
    private final long cpuStart = cpu();
    private final long gcStart = gcMillis();
    private final long gcCountStart = gcCount();

    Usage stop() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        double cpu = (cpu() - cpuStart) / 1e9 / wall / cores * 100;
        double gc = (gcMillis() - gcStart) / 1e3 / wall * 100;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        return new Usage(cpu, gc, mem.getHeapMemoryUsage().getUsed() >> 20, gcCount() - gcCountStart);
    }

    private static long cpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    private static long gcCount() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionCount());
        }
        return t;
    }
}
