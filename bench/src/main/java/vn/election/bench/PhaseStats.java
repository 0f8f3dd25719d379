package vn.election.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** CPU and GC use of this JVM over one phase: tells whether a figure is CPU-bound or GC-bound. */
final class PhaseStats {

    /**
     * Process CPU as a share of all cores, GC time as a share of wall time, heap used at the end; and the raw
     * figures they come from: wall time, process CPU time and GC time over the phase, in seconds.
     */
    record Usage(double cpuPct, double gcPct, long heapUsedMb, long gcCount, double wallSeconds, double cpuSeconds,
                 double gcSeconds) {

        /** The median of each figure over {@code all} (the mean of the middle two for an even count). */
        static Usage median(java.util.List<Usage> all) {
            return new Usage(med(all, Usage::cpuPct), med(all, Usage::gcPct), Math.round(med(all, u -> u.heapUsedMb())),
                    Math.round(med(all, u -> u.gcCount())), med(all, Usage::wallSeconds), med(all, Usage::cpuSeconds),
                    med(all, Usage::gcSeconds));
        }

        private static double med(java.util.List<Usage> all, java.util.function.ToDoubleFunction<Usage> f) {
            return PhaseStats.median(all.stream().mapToDouble(f).toArray());
        }
    }

    private final long wallStart = System.nanoTime();
    private final long cpuStart = cpu();
    private final long gcStart = gcMillis();
    private final long gcCountStart = gcCount();

    Usage stop() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuSeconds = (cpu() - cpuStart) / 1e9;
        double gcSeconds = (gcMillis() - gcStart) / 1e3;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        return new Usage(cpuSeconds / wall / cores * 100, gcSeconds / wall * 100, mem.getHeapMemoryUsage().getUsed() >> 20,
                gcCount() - gcCountStart, wall, cpuSeconds, gcSeconds);
    }

    /** The machine's 1-minute load average (/proc/loadavg), NaN where there is none (not Linux). */
    static double loadAverage1m() {
        try {
            String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
            return Double.parseDouble(line.split("\\s+", 2)[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The median of {@code values} (the mean of the middle two for an even count), NaN when empty. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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
