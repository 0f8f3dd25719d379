package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * The alert-delivery service started as docker compose starts it: the environment of compose.yaml's
 * {@code alert-delivery} service (with docker/.env and the operator's secrets), only the Kafka address, the
 * receiver's URL and what keeps tests apart (topic prefix, consumer group, a free port) replaced. An alert
 * record on the alerts topic reaches a real HTTP receiver as a webhook whose signature verifies.
 */
class AlertDeliveryComposeIT {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("compose-it-secret".getBytes());
    private static final String METRICS_TOKEN = "compose-it-metrics-token-".repeat(2);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void deliversASignedWebhookFromTheComposeConfiguration() throws Exception {
        String prefix = SharedKafka.freshPrefix("alertDeliveryCompose");
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> env = new HashMap<>(ComposeService.environment("alert-delivery", Map.of(
                    "DELIVERY_WEBHOOK_URLS", receiver.uri().toString(),
                    "DELIVERY_WEBHOOK_SECRET", SECRET,
                    "DASHBOARD_METRICS_TOKEN", METRICS_TOKEN)));
            assertThat(env).containsEntry("DELIVERY_HOST", "0.0.0.0").containsEntry("REGISTRY_FILE", "demo")
                    .containsEntry("DELIVERY_WEBHOOK_URLS", receiver.uri().toString())
                    .containsEntry("DELIVERY_METRICS_TOKEN", METRICS_TOKEN);
            assertThat(AlertDeliveryMain.envNames()).containsAll(env.keySet());
            env.put("KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers());
            env.put("TOPIC_PREFIX", prefix);
            env.put("DELIVERY_GROUP_ID", prefix + "delivery");
            env.put("DELIVERY_PORT", "0");

            Registry demo = RegistryLoader.bundledDemo();
            String area = firstArea(demo, demo.root());
            Alert alert = surge(area);
            Topic<String, Alert> topic = Topics.ALERTS.withPrefix(prefix);
            try (AlertDeliveryService service = AlertDeliveryMain.start(env);
                 KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                         topic.keySerializer(), topic.valueSerializer())) {
                producer.send(new ProducerRecord<>(topic.name(), alert.alertId(), alert)).get();

                // compose's group wait (the default, 30 s) comes first.
                await().atMost(Duration.ofSeconds(90)).until(() -> !receiver.accepted().isEmpty());
                TestReceiver.Request r = receiver.accepted().get(0);
                new WebhookVerifier(SECRET).verify(r.id(), r.timestamp(), r.signature(), r.body(), Instant.now());
                JsonNode body = Json.MAPPER.readTree(r.body());
                assertThat(body.get("kind").asText()).isEqualTo("SURGE");
                assertThat(body.get("state").asText()).isEqualTo("firing");
                assertThat(body.get("alerts").get(0).get("alert_id").asText()).isEqualTo(alert.alertId());
                assertThat(body.get("alerts").get(0).get("unit_name").asText()).isEqualTo(demo.unit(area).name());

                String base = "http://127.0.0.1:" + service.port();
                HttpResponse<String> health = get(base + "/health", null);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(health.body()).get("status").asText()).isEqualTo("UP");
                // Bound to 0.0.0.0 as in compose: /metrics wants the token Prometheus is given.
                assertThat(get(base + "/metrics", null).statusCode()).isEqualTo(401);
                assertThat(get(base + "/metrics", "Bearer wrong-" + METRICS_TOKEN).statusCode()).isEqualTo(401);
                // The receiver has the request before the delivery has read its 2xx answer: wait for the count.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> metrics = get(base + "/metrics", "Bearer " + METRICS_TOKEN);
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    assertThat(metrics.body()).contains("dashboard_webhooks_notifications_sent_total 1.0");
                });
            }
        }
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Alert surge(String area) {
        String started = "2026-03-15T09:00:00+07:00";
        return new Alert(Alert.episodeId("rule-SURGE", area, started), "rule-SURGE", "SURGE", area, "polling_area",
                "warning", Alert.State.FIRING, BigDecimal.valueOf(400), BigDecimal.valueOf(120), started, null,
                "400 voters in 15 minutes");
    }

    private static String firstArea(Registry registry, String unit) {
        return registry.isLeaf(unit) ? unit : firstArea(registry, registry.children(unit).get(0));
    }
}
