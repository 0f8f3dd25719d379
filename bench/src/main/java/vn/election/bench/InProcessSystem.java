package vn.election.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.ingest.IngestConfig;
import vn.election.ingest.IngestServer;
import vn.election.ingest.IngestTokens;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.registry.Registry;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * The real system on a given broker, as the launcher's EmbeddedSystem wires it: fresh topics under a
 * prefix, the turnout job on a local MiniCluster (checkpoints on disk; the hot path given, or the config's
 * default), the dashboard and ingest on free
 * ports with one root token; {@link #close()} stops them in reverse order.
 */
final class InProcessSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessSystem.class);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private String token;
    private int ingestPort;
    private int dashboardPort;

    private InProcessSystem() {
    }

    /**
     * Starts it all; {@code pipeline} is the job's hot path, or null for the config's default; the job's emit
     * interval and the dashboard's push interval are the defaults unless given (non-null).
     */
    static InProcessSystem start(String bootstrap, String prefix, Path registryFile, Registry registry, int parallelism,
                                 int partitions, TurnoutJobConfig.Pipeline pipeline, Cadence cadence) throws Exception {
        InProcessSystem s = new InProcessSystem();
        try {
            s.startAll(bootstrap, prefix, registryFile, registry, parallelism, partitions, pipeline, cadence);
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    /** The job's emit interval and the dashboard's push interval (null: the default of each). */
    record Cadence(java.time.Duration emit, java.time.Duration push) {
        static final Cadence DEFAULTS = new Cadence(null, null);
    }

    private void startAll(String bootstrap, String prefix, Path registryFile, Registry registry, int parallelism,
                          int partitions, TurnoutJobConfig.Pipeline pipeline, Cadence cadence) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, prefix, partitions, (short) 1);
        }
        // Checkpoints on disk, as the embedded system keeps them (memory-backed ones refuse a national tally).
        Path checkpoints = Files.createTempDirectory("bench-latency-checkpoints-");
        TurnoutJobConfig config = TurnoutJobConfig.defaults(bootstrap, RegistryRef.file(registryFile))
                .withTopicPrefix(prefix).withParallelism(parallelism).withCheckpointDir(checkpoints.toUri().toString());
        // The bench may try other cadences than the defaults (--latency-emit-ms, --latency-push-ms).
        if (cadence.emit() != null) {
            config = config.withEmitInterval(cadence.emit());
        }
        JobClient job = LocalTurnoutJob.start(pipeline == null ? config : config.withPipeline(pipeline));
        running.push(() -> job.cancel().get(30, TimeUnit.SECONDS));

        Vertx vertx = Vertx.vertx();
        running.push(() -> vertx.close().await(10, TimeUnit.SECONDS));
        IngestTokens tokens = new IngestTokens();
        token = tokens.generate(registry.root());
        DashboardConfig dashboardConfig = DashboardConfig.defaults(bootstrap, registry).withPort(0).withTopicPrefix(prefix);
        if (cadence.push() != null) {
            dashboardConfig = dashboardConfig.withPushInterval(cadence.push());
        }
        DashboardServer dashboard = DashboardServer.start(vertx, dashboardConfig).await(60, TimeUnit.SECONDS);
        running.push(() -> dashboard.close().await(10, TimeUnit.SECONDS));
        dashboardPort = dashboard.port();
        IngestServer ingest = IngestServer.start(vertx, IngestConfig.defaults(bootstrap, registry).withPort(0)
                .withTopicPrefix(prefix), tokens).await(60, TimeUnit.SECONDS);
        running.push(() -> ingest.close().await(10, TimeUnit.SECONDS));
        ingestPort = ingest.port();
        LOG.info("System up: ingest on {}, dashboard on {}, topics {}*", ingestPort, dashboardPort, prefix);
    }

    /** The root token, scoped to the whole registry and without a rate limit. */
    String token() {
        return token;
    }

    int ingestPort() {
        return ingestPort;
    }

    int dashboardPort() {
        return dashboardPort;
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                LOG.warn("Stopping a part of the bench system failed: {}", e.toString());
            }
        }
    }
}
