package vn.election.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import vn.election.jobs.TurnoutJobConfig.Pipeline;
import vn.election.model.registry.Registry;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * Measurement (2), issue #13: the job's two hot paths side by side in one JVM on the same readings. One
 * discarded warm-up pass of the new path (sharded, or the only path asked for), then four measured passes in
 * the order A, B, B, A of the paths asked for (default classic, sharded, sharded, classic), each a fresh job
 * from the earliest offset with topics of its own, then the median of each path's two passes.
 *
 * <p>The job reads {@code Topics.READINGS.withPrefix(topicPrefix)}: its readings topic is tied to its output
 * prefix, and the bench may not change the job. So the warm-up runs on the prefix the readings were first
 * written under, and each measured pass gets a prefix of its own into which the same readings are written
 * again ({@link CheckinWorkload} with the same registry and seed: the same records, keys and partitions, in
 * the same order per partition; checked against the first topic's per-partition counts) before the pass
 * starts. With a readings-topic override in {@code TurnoutJobConfig} this re-writing would go:
 * {@link #readingsFor} is the one place to change.
 */
final class JobPhase {

    /** One pass: its number (0 = the warm-up), its path and prefix, its outcome, or why it failed. */
    record Pass(int number, Pipeline pipeline, String prefix, TurnoutJobBench.Outcome outcome, String error,
                long readings, double rewriteSeconds) {

        boolean ok() {
            return outcome != null;
        }

        double readingsPerSec() {
            return ok() ? readings / outcome.seconds() : Double.NaN;
        }

        /** Process CPU (broker, job, watcher: the whole JVM) over the pass, per reading, in microseconds. */
        double cpuMicrosPerReading() {
            return ok() ? outcome.usage().cpuSeconds() * 1e6 / readings : Double.NaN;
        }

        /** Records on the pass's units topic per reading. */
        double snapshotsPerReading() {
            return ok() ? (double) outcome.unitSnapshots() / readings : Double.NaN;
        }

        /** GC time over wall time of the pass, 0..1. */
        double gcShare() {
            return ok() ? outcome.usage().gcSeconds() / outcome.usage().wallSeconds() : Double.NaN;
        }
    }

    /**
     * The medians of one path's measured passes that reached the total (NaN figures when none did), each figure
     * its own median: with two passes the readings/s is the mean of their rates, not readings over the median seconds.
     */
    record Median(Pipeline pipeline, int passes, int failed, double readingsPerSec, double seconds,
                  double cpuMicrosPerReading, double snapshotsPerReading, double gcShare, PhaseStats.Usage usage) {

        boolean ok() {
            return passes > 0;
        }
    }

    /** The whole phase: the warm-up, the measured passes in order, the medians by path (in the order asked for). */
    record Outcome(Pass warmup, List<Pass> passes, Map<Pipeline, Median> medians) {
    }

    private JobPhase() {
    }

    /** The measured order for the paths asked for: A, B, B, A for two, A, A for one. */
    static List<Pipeline> order(List<Pipeline> pipelines) {
        List<Pipeline> order = new ArrayList<>(pipelines);
        for (int i = pipelines.size() - 1; i >= 0; i--) {
            order.add(pipelines.get(i));
        }
        return order;
    }

    /** The warm-up's path: the new one (sharded) when asked for, else the first asked for. */
    static Pipeline warmupPipeline(List<Pipeline> pipelines) {
        return pipelines.contains(Pipeline.SHARDED) ? Pipeline.SHARDED : pipelines.get(0);
    }

    static Outcome run(Registry registry, Path registryFile, String bootstrap, String prefix, int partitions,
                       int parallelism, long readings, long seed, long expected, List<Pipeline> pipelines, Double limit,
                       Duration timeout, Progress progress, boolean singlePass) throws Exception {
        if (singlePass) {
            // One pass per path on the readings as written, no warm-up: for runs so long (a whole day) that the JIT's
            // warm-up is lost in them and writing the readings again would take longer than a pass.
            List<Pass> passes = new ArrayList<>();
            for (int i = 0; i < pipelines.size(); i++) {
                String passPrefix = i == 0 ? prefix : prefix + "job" + (i + 1) + ".";
                double rewrite = i == 0 ? 0 : readingsFor(registry, bootstrap, passPrefix, partitions, readings, seed,
                        TurnoutJobBench.recordsPerPartition(bootstrap, Topics.READINGS.withPrefix(prefix).name()), progress);
                Pass p = pass(i + 1, pipelines.get(i), passPrefix, rewrite, registry, registryFile, bootstrap, parallelism,
                        readings, expected, timeout, progress);
                print(p, limit);
                passes.add(p);
            }
            Map<Pipeline, Median> medians = new LinkedHashMap<>();
            for (Pipeline pipeline : pipelines) {
                medians.put(pipeline, median(pipeline, passes));
            }
            return new Outcome(null, passes, medians);
        }
        Map<Integer, Long> reference = TurnoutJobBench.recordsPerPartition(bootstrap, Topics.READINGS.withPrefix(prefix).name());
        Pipeline warm = warmupPipeline(pipelines);
        say("  warm-up (not measured): %s, on the readings as first written (%s*)", TurnoutJobBench.name(warm), prefix);
        Pass warmup = pass(0, warm, prefix, 0, registry, registryFile, bootstrap, parallelism, readings, expected, timeout, progress);
        print(warmup, limit);

        List<Pipeline> order = order(pipelines);
        List<Pass> passes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int number = i + 1;
            Pipeline pipeline = order.get(i);
            String passPrefix = prefix + "job" + number + ".";
            double rewrite = readingsFor(registry, bootstrap, passPrefix, partitions, readings, seed, reference, progress);
            say("  pass %d of %d: %s (readings written again under %s* in %.1f s)", number, order.size(),
                    TurnoutJobBench.name(pipeline), passPrefix, rewrite);
            Pass p = pass(number, pipeline, passPrefix, rewrite, registry, registryFile, bootstrap, parallelism, readings,
                    expected, timeout, progress);
            print(p, limit);
            passes.add(p);
        }

        Map<Pipeline, Median> medians = new LinkedHashMap<>();   // in the order of --pipelines
        for (Pipeline pipeline : pipelines) {
            Median m = median(pipeline, passes);
            medians.put(pipeline, m);
            if (m.ok()) {
                say("  %s, median of %d pass%s: %,.0f readings/s%s, %.1f µs CPU per reading, %.2f unit snapshots per reading,"
                                + " GC %.1f%% of wall%s", TurnoutJobBench.name(pipeline), m.passes(), m.passes() == 1 ? "" : "es",
                        m.readingsPerSec(), limit == null ? "" : String.format(" (%.3f of the limit)", m.readingsPerSec() / limit),
                        m.cpuMicrosPerReading(), m.snapshotsPerReading(), m.gcShare() * 100,
                        m.failed() > 0 ? "; " + m.failed() + " pass(es) failed" : "");
            } else {
                say("  %s: no pass reached the total", TurnoutJobBench.name(pipeline));
            }
        }
        return new Outcome(warmup, passes, medians);
    }

    /**
     * Makes the readings topic that a job under {@code passPrefix} reads hold the same readings as the first
     * one, by writing them again; returns the seconds it took.
     */
    private static double readingsFor(Registry registry, String bootstrap, String passPrefix, int partitions, long readings,
                                      long seed, Map<Integer, Long> reference, Progress progress) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, passPrefix, partitions, (short) 1);
        }
        String topic = Topics.READINGS.withPrefix(passPrefix).name();
        progress.start("producing readings");
        CheckinWorkload.Written w = CheckinWorkload.produce(registry, bootstrap, topic, readings, seed, progress);
        Map<Integer, Long> counts = TurnoutJobBench.recordsPerPartition(bootstrap, topic);
        if (!counts.equals(reference)) {
            throw new IllegalStateException("the readings written again to " + topic + " are not the same per partition: "
                    + counts + " against " + reference);
        }
        return w.seconds();
    }

    private static Pass pass(int number, Pipeline pipeline, String prefix, double rewrite, Registry registry,
                             Path registryFile, String bootstrap, int parallelism, long readings, long expected,
                             Duration timeout, Progress progress) {
        // The same start for every pass: the previous pass's garbage (a whole MiniCluster) collected now, not in this one.
        System.gc();
        String what = number == 0 ? "warm-up" : "pass " + number;
        progress.start("turnout job (Flink, " + TurnoutJobBench.name(pipeline) + ")");
        try {
            TurnoutJobBench.Outcome o = TurnoutJobBench.run(bootstrap, prefix, registryFile, registry.root(), parallelism,
                    pipeline, expected, timeout, progress);
            return new Pass(number, pipeline, prefix, o, null, readings, rewrite);
        } catch (Exception e) {
            // A path that fails (the sharded one while it is being written) is recorded, and the phase goes on.
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            say("  %s (%s) FAILED: %s", what, TurnoutJobBench.name(pipeline), error);
            return new Pass(number, pipeline, prefix, null, error, readings, rewrite);
        }
    }

    private static void print(Pass p, Double limit) {
        if (!p.ok()) {
            return;
        }
        TurnoutJobBench.Outcome o = p.outcome();
        say("  %s %s: %,.0f readings/s (%.1f s; %.1f s after its first output)%s, %.1f µs CPU per reading"
                        + " (%.0f%% of all cores), %.2f unit snapshots per reading (%,d), GC %.1f%% of wall, load average %.2f -> %.2f",
                p.number() == 0 ? "warm-up (discarded)" : "pass " + p.number(), TurnoutJobBench.name(p.pipeline()),
                p.readingsPerSec(), o.seconds(), o.secondsAfterFirstOutput(),
                limit == null ? "" : String.format(", %.3f of the limit", p.readingsPerSec() / limit),
                p.cpuMicrosPerReading(), o.usage().cpuPct(), p.snapshotsPerReading(), o.unitSnapshots(), p.gcShare() * 100,
                o.loadBefore(), o.loadAfter());
        say("    busiest threads (of one core): %s", o.busiest());
    }

    static Median median(Pipeline pipeline, List<Pass> passes) {
        List<Pass> ok = passes.stream().filter(p -> p.pipeline() == pipeline && p.ok()).toList();
        int failed = (int) passes.stream().filter(p -> p.pipeline() == pipeline && !p.ok()).count();
        if (ok.isEmpty()) {
            return new Median(pipeline, 0, failed, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
        }
        return new Median(pipeline, ok.size(), failed,
                PhaseStats.median(ok.stream().mapToDouble(Pass::readingsPerSec).toArray()),
                PhaseStats.median(ok.stream().mapToDouble(p -> p.outcome().seconds()).toArray()),
                PhaseStats.median(ok.stream().mapToDouble(Pass::cpuMicrosPerReading).toArray()),
                PhaseStats.median(ok.stream().mapToDouble(Pass::snapshotsPerReading).toArray()),
                PhaseStats.median(ok.stream().mapToDouble(Pass::gcShare).toArray()),
                PhaseStats.Usage.median(ok.stream().map(p -> p.outcome().usage()).toList()));
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
