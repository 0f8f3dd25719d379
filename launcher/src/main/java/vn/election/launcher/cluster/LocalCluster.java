package vn.election.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * The distributed topology on one machine: three Kafka nodes and a Flink session cluster (a JobManager,
 * TaskManagers) as child JVMs, the topics with replication 3, and the turnout job submitted as its jar;
 * {@link #close()} cancels the job and stops every child.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    /**
     * What to start.
     *
     * @param dataDir Kafka logs, Flink's configuration, checkpoints and every child's log ({@code logs/})
     * @param registryArg the job's {@code --registry}: an absolute file path or {@code demo}
     * @param jobJar the shaded turnout job jar
     * @param classpath the launcher's classpath, which the children run on
     * @param taskManagers how many TaskManagers (each with {@link FlinkClusterProcesses#SLOTS} slots)
     * @param partitions partitions per topic
     * @param checkpointInterval the job's {@code --checkpoint-interval}
     */
    public record Settings(Path dataDir, String registryArg, Path jobJar, ChildClasspath classpath, int taskManagers,
                           int partitions, Duration checkpointInterval) {

        /** Two TaskManagers, four partitions, checkpoints every 10 s. */
        public static Settings of(Path dataDir, String registryArg, Path jobJar) {
            return new Settings(dataDir, registryArg, jobJar, ChildClasspath.ofThisJvm(), 2, 4, Duration.ofSeconds(10));
        }

        public Settings withCheckpointInterval(Duration interval) {
            return new Settings(dataDir, registryArg, jobJar, classpath, taskManagers, partitions, interval);
        }

        public Settings withClasspath(ChildClasspath cp) {
            return new Settings(dataDir, registryArg, jobJar, cp, taskManagers, partitions, checkpointInterval);
        }
    }

    private final Settings settings;
    private KafkaClusterProcesses kafka;
    private FlinkClusterProcesses flink;
    private String jobId;

    private LocalCluster(Settings settings) {
        this.settings = settings;
    }

    /** Starts Kafka and Flink side by side, creates the topics, submits the job and waits until it runs. */
    public static LocalCluster start(Settings settings) throws Exception {
        LocalCluster cluster = new LocalCluster(settings);
        try {
            cluster.startAll();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        Path dir = settings.dataDir().toAbsolutePath();
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        String logging = ChildLogging.write(dir.resolve("conf"));
        CompletableFuture<FlinkClusterProcesses> flinkStart = CompletableFuture.supplyAsync(() -> {
            try {
                return FlinkClusterProcesses.start(dir.resolve("flink"), logs, settings.classpath(), logging,
                        settings.taskManagers());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Flink did not start: " + e.getMessage(), e);
            }
        });
        try {
            kafka = KafkaClusterProcesses.start(dir.resolve("kafka"), logs, settings.classpath(), logging);
        } finally {
            flink = join(flinkStart);
        }
        LOG.info("Kafka ({}) and Flink ({}) up in {} ms", kafka.bootstrapServers(), flink.restUrl(), ms(t0));
        try (Admin admin = kafka.admin()) {
            TopicAdmin.createAll(admin, "", settings.partitions(), (short) KafkaClusterProcesses.NODES);
        }
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--registry", settings.registryArg(),
                "--checkpoint-dir", dir.resolve("flink").resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", java.math.BigDecimal.valueOf(settings.checkpointInterval().toMillis(), 3)
                        .stripTrailingZeros().toPlainString() + "s",   // the job parses PT<seconds>S
                "--parallelism", String.valueOf(FlinkClusterProcesses.SLOTS)));
        jobId = new JobSubmitter(flink.rest()).submit(settings.jobJar(), args);
        awaitJobRunning(Duration.ofSeconds(120));
        LOG.info("Turnout job {} running on the local cluster; everything up in {} ms", jobId, ms(t0));
    }

    private static FlinkClusterProcesses join(CompletableFuture<FlinkClusterProcesses> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        }
    }

    /** Waits until the job and all its tasks run; fails with its state when it does not in time. */
    public void awaitJobRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "unknown";
        while (System.nanoTime() < deadline) {
            try {
                if (flink.rest().fullyRunning(jobId)) {
                    return;
                }
                state = flink.rest().jobState(jobId);
                if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                    break;
                }
            } catch (IOException e) {
                state = e.getMessage();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the turnout job " + jobId + " is not running (" + state + "); see "
                + flink.jobManager().log());
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String restUrl() {
        return flink.restUrl();
    }

    public String jobId() {
        return jobId;
    }

    public KafkaClusterProcesses kafka() {
        return kafka;
    }

    public FlinkClusterProcesses flink() {
        return flink;
    }

    /** Every child JVM by name, with its pid. */
    public Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (kafka != null) {
            kafka.brokers().forEach(b -> out.put(b.jvm().name(), b.jvm().pid()));
        }
        if (flink != null) {
            out.put(flink.jobManager().name(), flink.jobManager().pid());
            flink.taskManagers().forEach(t -> out.put(t.name(), t.pid()));
        }
        return out;
    }

    /** Cancels the job, then stops Flink and Kafka; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (jobId != null && flink != null) {
            try {
                flink.rest().cancel(jobId);
            } catch (IOException e) {
                LOG.warn("Cancelling the turnout job failed: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jobId = null;
        }
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
