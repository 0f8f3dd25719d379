package vn.election.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * The real turnout job on a local Flink MiniCluster, readings topic to units topic, on one hot path
 * ({@link TurnoutJobConfig.Pipeline}): timed from the job's start to the moment the units topic shows the root
 * with exactly the expected national total, with this JVM's CPU and GC over that time, the machine's load
 * average before and after, and the unit snapshots the job wrote.
 */
final class TurnoutJobBench {

    private static final Logger LOG = LoggerFactory.getLogger(TurnoutJobBench.class);

    /**
     * Seconds from start to the exact total, and from the first output record to it; CPU and GC over the first;
     * the 1-minute load average before the start and at the exact total; the records on the units topic once
     * the job is cancelled.
     */
    record Outcome(TurnoutJobConfig.Pipeline pipeline, double seconds, double secondsAfterFirstOutput,
                   PhaseStats.Usage usage, double loadBefore, double loadAfter, long unitSnapshots, String busiest) {
    }

    private TurnoutJobBench() {
    }

    static Outcome run(String bootstrap, String prefix, Path registryFile, String rootId, int parallelism,
                       TurnoutJobConfig.Pipeline pipeline, long expected, Duration timeout, Progress progress) throws Exception {
        // Checkpoints on disk as the embedded system keeps them: memory-backed checkpoints (the default with
        // no directory) refuse state over 5 MB, which a national registry exceeds, and the job then restarts.
        Path checkpoints = Files.createTempDirectory("bench-checkpoints-");
        TurnoutJobConfig config = TurnoutJobConfig.defaults(bootstrap, RegistryRef.file(registryFile))
                .withTopicPrefix(prefix).withParallelism(parallelism).withCheckpointDir(checkpoints.toUri().toString())
                .withPipeline(pipeline);
        String units = Topics.UNITS.withPrefix(prefix).name();
        String phase = "turnout job (Flink, " + name(pipeline) + ")";
        double loadBefore = PhaseStats.loadAverage1m();
        PhaseStats ps = new PhaseStats();
        BusyThreads busy = BusyThreads.ofThisJvm();
        long start = System.nanoTime();
        JobClient job = LocalTurnoutJob.start(config);
        boolean done = false;
        try {
            CompletableFuture<?> result = job.getJobExecutionResult();
            TotalWatcher.Seen seen = TotalWatcher.await(bootstrap, units, rootId, v -> UnitSnapshotCodec.decode(v).voted(),
                    expected, start, timeout, phase, progress, () -> failIfEnded(result, phase));
            PhaseStats.Usage usage = ps.stop();
            String busiest = busy.top(8);
            double loadAfter = PhaseStats.loadAverage1m();
            stop(job, pipeline);
            done = true;
            return new Outcome(pipeline, (seen.exactTotalNanos() - start) / 1e9,
                    (seen.exactTotalNanos() - seen.firstOutputNanos()) / 1e9, usage, loadBefore, loadAfter,
                    records(bootstrap, units), busiest);
        } finally {
            if (!done) {
                try {
                    stop(job, pipeline);
                } catch (Exception e) {
                    LOG.warn("Cancelling the {} job failed (it may have ended already): {}", name(pipeline), e.toString());
                }
            }
            deleteTree(checkpoints);
        }
    }

    /**
     * Cancels the job and waits until it has ended (its MiniCluster then shuts down), so that the next pass
     * does not share the machine with this one's tear-down.
     */
    private static void stop(JobClient job, TurnoutJobConfig.Pipeline pipeline) throws Exception {
        CompletableFuture<?> result = job.getJobExecutionResult();
        if (!result.isDone()) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        try {
            result.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // a cancelled job ends "exceptionally": that is the expected end
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("The cancelled {} job has not ended after 60 s; going on", name(pipeline));
        }
    }

    /** The pipeline's name as on the job's command line: classic or sharded. */
    static String name(TurnoutJobConfig.Pipeline pipeline) {
        return pipeline.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A job that has ended (failed, or finished) will never show the total: give up now. */
    private static void failIfEnded(CompletableFuture<?> result, String phase) {
        if (!result.isDone()) {
            return;
        }
        Throwable cause = null;
        try {
            result.getNow(null);
        } catch (RuntimeException e) {
            cause = e.getCause() == null ? e : e.getCause();
        }
        throw new IllegalStateException(phase + ": the job ended before showing the total"
                + (cause == null ? "" : ": " + cause), cause);
    }

    /** Records written to {@code topic}: the sum over its partitions of end offset minus start offset. */
    static long records(String bootstrap, String topic) throws Exception {
        return recordsPerPartition(bootstrap, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records per partition of {@code topic} (end offset minus start offset), by partition number. */
    static Map<Integer, Long> recordsPerPartition(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            Map<Integer, Long> out = new java.util.TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> out.merge(tp.partition(), info.offset(), Long::sum));
            admin.listOffsets(earliest).all().get().forEach((tp, info) -> out.merge(tp.partition(), -info.offset(), Long::sum));
            return out;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory left behind is harmless
        }
    }
}
