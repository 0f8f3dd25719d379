package vn.election.testing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import vn.election.kafka.EmbeddedKafkaBroker;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * The one Kafka every integration test uses, started once per JVM: Testcontainers' Kafka container
 * where a Docker engine answers, otherwise the in-process KRaft broker, so no test is ever skipped.
 * Tests isolate themselves with {@link #freshPrefix(String)} instead of sharing topic names.
 */
public final class SharedKafka {

    private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile Broker broker;

    /** What runs the broker, and how to reach it. */
    public record Broker(String kind, String bootstrapServers, EmbeddedKafkaBroker embedded) {
    }

    private SharedKafka() {
    }

    /** Bootstrap servers of the shared broker, starting it on first use. */
    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The running broker; {@code embedded()} is non-null only when it is the in-process one. */
    public static synchronized Broker broker() {
        if (broker == null) {
            broker = startBroker();
        }
        return broker;
    }

    /**
     * A topic prefix no other test uses, with every topic of {@link Topics} created under it
     * ({@code partitions} each).
     */
    public static String freshPrefix(String testName, int partitions) {
        String prefix = "t" + COUNTER.incrementAndGet() + "-" + testName.replaceAll("[^A-Za-z0-9]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".";
        try (Admin admin = admin()) {
            TopicAdmin.createAll(admin, prefix, partitions, (short) 1);
        }
        return prefix;
    }

    /** {@link #freshPrefix(String, int)} with two partitions, so keyed ordering is really exercised. */
    public static String freshPrefix(String testName) {
        return freshPrefix(testName, 2);
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private static Broker startBroker() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        Broker b;
        if (docker) {
            KafkaContainer container = new KafkaContainer(DockerImageVersions.KAFKA);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
            b = new Broker("Testcontainers " + DockerImageVersions.KAFKA, container.getBootstrapServers(), null);
        } else {
            EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-kafka-stop"));
            b = new Broker("in-process KRaft broker (no Docker engine here)", embedded.bootstrapServers(), embedded);
        }
        // Said loudly, once: which broker the integration tests really ran against.
        LOG.warn("Integration tests use Kafka: {} at {}", b.kind(), b.bootstrapServers());
        return b;
    }
}
