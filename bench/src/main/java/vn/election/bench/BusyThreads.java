package vn.election.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time per thread over one phase, of this JVM (ThreadMXBean) or of another process (/proc on Linux):
 * names the busiest threads, so a figure says which part of the system limits it.
 */
final class BusyThreads {

    /**
     * What this JVM's process used beyond its Java threads: the JIT compiler's and the garbage collector's threads,
     * which ThreadMXBean does not list (in a latency run's second minute the compiler took half a core).
     */
    static final String JVM_OWN = "JVM's own threads (JIT compiler, GC)";

    private final long pid;
    private final long wallStart = System.nanoTime();
    private final Map<String, Long> start;
    private final long processStart;

    private BusyThreads(long pid) {
        this.pid = pid;
        this.start = sample();
        this.processStart = pid < 0 ? processCpuNanos() : 0;
    }

    /** Starts watching this JVM's threads. */
    static BusyThreads ofThisJvm() {
        return new BusyThreads(-1);
    }

    /** Starts watching another process's threads (their native names, at most 15 characters). */
    static BusyThreads ofProcess(long pid) {
        return new BusyThreads(pid);
    }

    /** The {@code n} busiest threads since the start, as "name 43%" (of one core), grouped by name without digits. */
    String top(int n) {
        Map<String, Long> end = sample();
        double wall = System.nanoTime() - wallStart;
        Map<String, Long> byGroup = new HashMap<>();
        end.forEach((key, cpu) -> {
            long used = cpu - start.getOrDefault(key, 0L);
            String name = key.substring(key.indexOf(' ') + 1);
            // "Flink Task Thread 3", "vert.x-eventloop-thread-1": one figure per kind of thread, with how many.
            byGroup.merge(name.replaceAll("[0-9]+", "#"), used, Long::sum);
        });
        if (pid < 0 && processStart >= 0) {
            long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
            byGroup.put(JVM_OWN, Math.max(0, processCpuNanos() - processStart - javaThreads));
        }
        return byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> String.format("%s %.0f%%", e.getKey(), 100.0 * e.getValue() / wall))
                .collect(Collectors.joining(", "));
    }

    /** This process's CPU time in nanoseconds, or -1 where the JVM does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** CPU nanoseconds per thread, keyed "id name". */
    private Map<String, Long> sample() {
        Map<String, Long> cpu = new HashMap<>();
        if (pid < 0) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (long id : mx.getAllThreadIds()) {
                ThreadInfo info = mx.getThreadInfo(id);
                long t = mx.getThreadCpuTime(id);
                if (info != null && t >= 0) {
                    cpu.put(id + " " + info.getThreadName(), t);
                }
            }
            return cpu;
        }
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (Stream<Path> dirs = Files.list(tasks)) {
            dirs.forEach(d -> {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    String name = Files.readString(d.resolve("comm")).strip();
                    // Fields after the ")" that closes the name: utime and stime are the 12th and 13th.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    cpu.put(d.getFileName() + " " + name, ticks * 10_000_000L);
                } catch (IOException | RuntimeException e) {
                    // A thread that ended between the listing and the read: nothing to count.
                }
            });
        } catch (IOException e) {
            // Not Linux, or the process is gone: no per-thread figures.
        }
        return cpu;
    }
}
