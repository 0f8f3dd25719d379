package vn.election.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.TurnoutJob;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * The real turnout job on a local Flink MiniCluster, readings topic to units topic: timed from the job's
 * start to the moment the units topic shows the root with exactly the expected national total.
 */
final class TurnoutJobBench {

    /** Seconds from start to the exact total, and from the first output record to it. */
    record Outcome(double seconds, double secondsAfterFirstOutput) {
    }

    private TurnoutJobBench() {
    }

    static Outcome run(String bootstrap, String prefix, Path registryFile, String rootId, int parallelism,
                       long expected, Duration timeout, Progress progress) throws Exception {
        // Checkpoints on disk as the embedded system keeps them: memory-backed checkpoints (the default with
        // no directory) refuse state over 5 MB, which a national registry exceeds, and the job then restarts.
        Path checkpoints = Files.createTempDirectory("bench-checkpoints-");
        TurnoutJobConfig config = TurnoutJobConfig.defaults(bootstrap, RegistryRef.file(registryFile))
                .withTopicPrefix(prefix).withParallelism(parallelism).withCheckpointDir(checkpoints.toUri().toString());
        long start = System.nanoTime();
        JobClient job = TurnoutJob.startLocal(config);
        try {
            TotalWatcher.Seen seen = TotalWatcher.await(bootstrap, Topics.UNITS.withPrefix(prefix).name(), rootId,
                    v -> UnitSnapshotCodec.decode(v).voted(), expected, start, timeout, "turnout job (Flink)", progress);
            return new Outcome((seen.exactTotalNanos() - start) / 1e9,
                    (seen.exactTotalNanos() - seen.firstOutputNanos()) / 1e9);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }
}
