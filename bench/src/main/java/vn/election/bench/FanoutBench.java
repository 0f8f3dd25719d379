package vn.election.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import vn.election.model.registry.Registry;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * Measurement (5): one dashboard in a process of its own, fed root snapshots straight on its units topic;
 * 1,000, 5,000, 10,000 ... websocket clients in this JVM; per count, the delay from a snapshot's
 * production to its arrival in each client, and the dashboard's heap after GC, RSS and CPU.
 */
final class FanoutBench {

    /** One client count's figures; the idle figures are the dashboard's with no client at all. */
    record Outcome(int clients, long open, long dropped, long failedConnects, double connectSeconds, Latencies delay,
                   long updates, long heapAfterGcMb, long rssMb, long idleHeapAfterGcMb, long idleRssMb,
                   double dashboardCpuPct, PhaseStats.Usage benchUsage, String dashboardBusiest) {
    }

    private FanoutBench() {
    }

    static List<Outcome> run(String bootstrap, String prefix, Path registryFile, Registry registry, int partitions,
                             List<Integer> counts, Duration window, Duration updateEvery, String heap, Path out,
                             Progress progress) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, prefix, partitions, (short) 1);
        }
        List<Outcome> outcomes = new ArrayList<>();
        Path log = out.resolve("fanout-dashboard.log");
        try (DashboardProcess dashboard = DashboardProcess.start(bootstrap, prefix, registryFile, heap, log);
             RootFeed feed = new RootFeed(bootstrap, Topics.UNITS.withPrefix(prefix).name(), registry);
             FanoutClients clients = new FanoutClients(dashboard.port(), feed, registry.root())) {
            long idleHeap = dashboard.heapAfterGcMb();
            long idleRss = dashboard.rssMb();
            say("  dashboard process %d on :%d (-Xmx%s, log %s): idle heap after GC %,d MB, RSS %,d MB",
                    dashboard.pid(), dashboard.port(), heap, log, idleHeap, idleRss);
            feed.start(updateEvery);
            int cores = Runtime.getRuntime().availableProcessors();
            for (int n : counts) {
                progress.start("connecting websocket clients");
                long c0 = System.nanoTime();
                clients.growTo(n, progress);
                double connectSeconds = (System.nanoTime() - c0) / 1e9;
                say("  %,d clients started in %.1f s (%,d open, %,d failed handshakes, %,d closed)", n, connectSeconds,
                        clients.open(), clients.failedConnects(), clients.closed());
                // The snapshots of the last connections are still being written: let them settle first.
                Thread.sleep(5_000);
                long droppedBefore = clients.closed();
                clients.resetDelays();
                long v0 = feed.version();
                long cpu0 = dashboard.cpuNanos();
                BusyThreads busy = BusyThreads.ofProcess(dashboard.pid());
                PhaseStats ps = new PhaseStats();
                long w0 = System.nanoTime();
                progress.start(String.format("fan-out to %,d clients", n));
                long end = w0 + window.toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(100);
                    progress.line(() -> String.format("%,d open, %,d frames received so far, root version %,d",
                            clients.open(), clients.frames(), feed.version()));
                }
                double wall = (System.nanoTime() - w0) / 1e9;
                Latencies delay = Latencies.of(clients.delays());
                double dashCpu = (dashboard.cpuNanos() - cpu0) / 1e9 / wall / cores * 100;
                String busiest = busy.top(5);
                PhaseStats.Usage benchUsage = ps.stop();
                long updates = feed.version() - v0;
                long heapMb = dashboard.heapAfterGcMb();
                long rss = dashboard.rssMb();
                Outcome o = new Outcome(n, clients.open(), clients.closed() - droppedBefore, clients.failedConnects(),
                        connectSeconds, delay, updates, heapMb, rss, idleHeap, idleRss, dashCpu, benchUsage, busiest);
                outcomes.add(o);
                say("  %,d clients: delay p50 %.0f ms, p99 %.0f ms, max %.0f ms over %,d deliveries of %,d updates;"
                                + " dashboard heap after GC %,d MB, RSS %,d MB, CPU %.0f%% of all cores; %,d dropped",
                        n, delay.p50Ms(), delay.p99Ms(), delay.maxMs(), delay.count(), updates, heapMb, rss, dashCpu, o.dropped());
                say("  dashboard's busiest threads: %s", busiest);
            }
        }
        return outcomes;
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
