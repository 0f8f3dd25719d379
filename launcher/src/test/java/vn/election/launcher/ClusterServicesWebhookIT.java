package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.delivery.WebhookVerifier;
import vn.election.jobs.RegistryRef;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * {@code cluster}'s services ({@link EmbeddedSystem#startServices}, against a Kafka whose topics and job run
 * elsewhere) deliver webhooks when given the webhook options, as {@code run} does: an alert record reaches a
 * real HTTP receiver, signed with the secret.
 */
class ClusterServicesWebhookIT {

    private static final String SECRET = "cluster-services-secret";

    @Test
    void startServicesDeliversSignedWebhooksOfTheAlertsTopic(@TempDir Path dir) throws Exception {
        String prefix = SharedKafka.freshPrefix("clusterServicesWebhooks");
        RegistryRef ref = RegistryRef.bundledDemo();
        Registry registry = ref.load();
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                var h = exchange.getRequestHeaders();
                received.add(new String[] {h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                        h.getFirst("webhook-signature"), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        SystemConfig config = new SystemConfig(registry, ref, "127.0.0.1", 0, 0, dir, SharedKafka.bootstrapServers(), prefix,
                null, -1, 1, null);
        SystemConfig.Webhooks webhooks = new SystemConfig.Webhooks(
                List.of(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks")), SECRET, null, null);
        Topic<String, Alert> topic = Topics.ALERTS.withPrefix(prefix);
        String area = registry.children(registry.children(registry.root()).get(0)).get(0);
        String started = "2026-03-15T09:00:00+07:00";
        Alert alert = new Alert(Alert.episodeId("rule-SURGE", area, started), "rule-SURGE", "SURGE", area,
                registry.unit(area).level(), "warning", Alert.State.FIRING, BigDecimal.TEN, BigDecimal.ONE, started, null, "surge");
        try (EmbeddedSystem services = EmbeddedSystem.startServices(config, webhooks);
             KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                     topic.keySerializer(), topic.valueSerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), alert.alertId(), alert)).get();
            // The default group wait (30 s) comes first.
            await().atMost(Duration.ofSeconds(90)).until(() -> !received.isEmpty());
            String[] r = received.get(0);
            new WebhookVerifier(SECRET).verify(r[0], r[1], r[2], r[3].getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Instant.now());
            assertThat(r[3]).contains(alert.alertId());
        } finally {
            receiver.stop(0);
        }
    }
}
