package vn.election.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, one combined broker and controller node) inside this JVM, on loopback;
 * its log directory survives {@link #stop()} and {@link #start()}, so a restart keeps every record.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";

    private final Path logDir;
    private final boolean ownsLogDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, boolean ownsLogDir, int brokerPort, int controllerPort) {
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on free loopback ports with its log in a temporary directory, deleted on close. */
    public static EmbeddedKafkaBroker startTemporary() {
        try {
            return start(Files.createTempDirectory("embedded-kafka-"), true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
        }
    }

    /**
     * Starts a broker whose log lives in {@code dataDir} (kept on close, reused on the next start);
     * {@code port} 0 picks a free one.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, false, port);
    }

    private static EmbeddedKafkaBroker start(Path dir, boolean owned, int port) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, owned, port == 0 ? freePort() : port, freePort());
        broker.start();
        return broker;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts (again) on the same ports and log directory. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(logDir);
            KafkaConfig config = new KafkaConfig(properties(), false);
            format(config);
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            s.startup();
            server = s;
            awaitGroupCoordinator();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker did not start on " + bootstrapServers() + " with log "
                    + logDir + ": " + e.getMessage(), e);
        }
        LOG.info("Kafka broker up on {} (log {}) in {} ms", bootstrapServers(), logDir,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Waits until the group coordinator answers. The offsets topic is made on the first coordinator look-up, which
     * is answered "not available" meanwhile; Flink's Kafka source makes that look-up with its first offset commit,
     * at its first checkpoint, which then failed with a logged stack trace at every start of the system.
     */
    private void awaitGroupCoordinator() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            // Any group will do: the admin client retries the look-up until the coordinator is there.
            admin.listConsumerGroupOffsets("embedded-broker-ready").partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker, keeping its log; {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker on {} stopped", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
        if (ownsLogDir) {
            deleteQuietly(logDir);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.cleaner.backoff.ms", "5000");
        return p;
    }

    private void format(KafkaConfig config) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(config.nodeId())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(java.util.List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
