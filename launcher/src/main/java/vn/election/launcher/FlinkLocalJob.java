package vn.election.launcher;

import java.nio.file.Path;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.TurnoutJobConfig;

/** Runs the turnout job on Flink's local MiniCluster inside this process, with checkpoints in the data directory. */
final class FlinkLocalJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkLocalJob.class);

    private final JobClient client;

    private FlinkLocalJob(JobClient client) {
        this.client = client;
    }

    static FlinkLocalJob start(TurnoutJobConfig jobConfig, Path checkpointDir) throws Exception {
        TurnoutJobConfig config = jobConfig.withCheckpointDir(checkpointDir.toUri().toString());
        JobClient client = LocalTurnoutJob.start(config);
        LOG.info("Turnout job {} running on a local Flink MiniCluster (parallelism {})", client.getJobID(),
                config.parallelism());
        return new FlinkLocalJob(client);
    }

    @Override
    public void close() {
        try {
            client.cancel().get();
        } catch (Exception e) {
            LOG.warn("Turnout job did not cancel cleanly: {}", e.getMessage());
        }
    }
}
