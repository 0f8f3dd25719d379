package vn.election.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The turnout job on a Flink MiniCluster in this JVM: the embedded default, the benchmarks and the tests. */
public final class LocalTurnoutJob {

    private LocalTurnoutJob() {
    }

    /** Starts the job; {@code extra} adds settings such as a savepoint to restore from. */
    public static JobClient start(TurnoutJobConfig config, Configuration extra) throws Exception {
        if (config.checkpointDir() == null) {
            // Without a directory Flink keeps checkpoints in the JobManager's memory, capped at 5 MB: at
            // national scale the polling-area state is larger, every checkpoint fails and the job restarts
            // in a loop (found by the benchmark). A temporary directory keeps local runs working.
            Path dir = Files.createTempDirectory("turnout-checkpoints-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete-" + dir.getFileName()));
            config = config.withCheckpointDir(dir.toUri().toString());
        }
        Configuration flink = TurnoutJob.flinkConfiguration(config);
        flink.set(TaskManagerOptions.NUM_TASK_SLOTS, config.parallelism());
        flink.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink);
        TurnoutJob.define(env, config);
        return env.executeAsync(TurnoutJob.NAME);
    }

    /** {@link #start(TurnoutJobConfig, Configuration)} with nothing extra. */
    public static JobClient start(TurnoutJobConfig config) throws Exception {
        return start(config, new Configuration());
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
