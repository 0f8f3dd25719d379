package vn.election.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * Three Kafka nodes as separate JVMs on loopback, each broker and controller, forming a three-voter
 * controller quorum; topics made here get replication 3 with {@code min.insync.replicas=2}.
 */
public final class KafkaClusterProcesses implements AutoCloseable {

    public static final int NODES = 3;

    private final List<KafkaBrokerProcess> brokers;

    private KafkaClusterProcesses(List<KafkaBrokerProcess> brokers) {
        this.brokers = List.copyOf(brokers);
    }

    /** Writes the nodes' settings under {@code dir}, formats their logs and starts them; waits until all three serve. */
    static KafkaClusterProcesses start(Path dir, Path logs, ChildClasspath classpath, String loggingFlag)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path idFile = dir.resolve("cluster-id");
        // A kept data directory keeps its cluster id, so its formatted logs match.
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(idFile).trim();
        int[] ports = FreePorts.take(2 * NODES);
        String voters = java.util.stream.IntStream.range(0, NODES)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports[NODES + i]).collect(Collectors.joining(","));
        List<String> flags = List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true");
        List<KafkaBrokerProcess> brokers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            brokers.add(new KafkaBrokerProcess(i + 1, ports[i], ports[NODES + i], voters, dir.resolve("node-" + (i + 1)),
                    logs, classpath, flags, loggingFlag, clusterId));
        }
        KafkaClusterProcesses cluster = new KafkaClusterProcesses(brokers);
        try {
            // Side by side: each format is a JVM start of a few seconds.
            List<java.util.concurrent.CompletableFuture<Void>> formats = brokers.stream()
                    .map(b -> java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            b.format();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while formatting Kafka node " + b.nodeId(), e);
                        }
                    })).toList();
            for (java.util.concurrent.CompletableFuture<Void> f : formats) {
                try {
                    f.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw new IOException("formatting a Kafka node failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            for (KafkaBrokerProcess b : brokers) {
                b.start();
            }
            cluster.awaitNodes(Set.of(1, 2, 3), Duration.ofSeconds(90));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The client bootstrap list, {@code 127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}. */
    public String bootstrapServers() {
        return brokers.stream().map(KafkaBrokerProcess::address).collect(Collectors.joining(","));
    }

    public List<KafkaBrokerProcess> brokers() {
        return brokers;
    }

    /** Node {@code id} (1 to 3). */
    public KafkaBrokerProcess broker(int id) {
        return brokers.get(id - 1);
    }

    /** Waits until exactly these node ids are registered brokers; fails naming the ones missing. */
    public void awaitNodes(Set<Integer> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> seen = Set.of();
        String lastError = "";
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                for (KafkaBrokerProcess b : brokers) {
                    if (ids.contains(b.nodeId()) && !b.jvm().alive()) {
                        throw new IllegalStateException("Kafka node " + b.nodeId() + " exited: " + b.jvm().lastLines(5)
                                + " (log " + b.jvm().log() + ")");
                    }
                }
                try {
                    seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(Node::id)
                            .collect(Collectors.toSet());
                    if (seen.equals(ids)) {
                        return;
                    }
                } catch (Exception e) {
                    lastError = e.getMessage();
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka nodes " + ids + " did not all come up within " + timeout.toSeconds()
                + " s (registered: " + seen + (lastError.isEmpty() ? "" : ", last error: " + lastError) + ")");
    }

    /** An admin client of this cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** Stops all nodes together (a node stopping alone would wait for a quorum that is going away). */
    @Override
    public void close() {
        brokers.forEach(b -> b.jvm().stopAsync());
        brokers.forEach(KafkaBrokerProcess::stop);
    }
}
