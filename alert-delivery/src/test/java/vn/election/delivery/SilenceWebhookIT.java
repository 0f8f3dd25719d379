package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.delivery.DeliveryFixtures.area;
import static vn.election.delivery.DeliveryFixtures.silent;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * Issue 15 end to end: a silence an operator posts through a real dashboard's API reaches the webhook delivery
 * through {@code turnout.alert-silences}; an alert it matches is not sent to the real HTTP receiver, one it does not
 * match is.
 */
class SilenceWebhookIT {

    private static final Registry REGISTRY = DeliveryFixtures.registry(3);

    @Test
    void aSilencePostedOnTheDashboardStopsTheWebhooksOfTheAlertsItMatches() throws Exception {
        String prefix = SharedKafka.freshPrefix("SilenceWebhookIT");
        Topic<String, Alert> alerts = Topics.ALERTS.withPrefix(prefix);
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver();
             KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     SharedKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0), alerts.keySerializer(),
                     alerts.valueSerializer())) {
            DashboardServer dashboard = DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                            .withPort(0).withTopicPrefix(prefix))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            WebhookDelivery delivery = WebhookDelivery.start(DeliveryConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY,
                            receiver.uri(), DeliveryFixtures.SECRET)
                    .withTopicPrefix(prefix).withGroupId(prefix + "webhooks")
                    .withTiming(Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofHours(1)), meters);
            try {
                // An operator on the open loopback dashboard silences province X-1's silent polling areas for an hour.
                String body = "{\"unit_id\":\"X-1\",\"kind\":\"SILENT_STATION\",\"ends_at\":\""
                        + Instant.now().plus(Duration.ofHours(1)) + "\",\"comment\":\"phones down\",\"created_by\":\"duty officer\"}";
                HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + dashboard.port() + "/api/v1/silences"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                assertThat(Json.MAPPER.readTree(created.body()).get("created_by").asText()).isEqualTo("duty officer");
                // A silence applies from when the delivery has read it, as a file's does from when it is re-read.
                await().atMost(Duration.ofSeconds(30)).until(() -> delivery.topicSilences() == 1);

                Alert muted = silent(area(1, 1));
                Alert sent = silent(area(2, 1));
                producer.send(new ProducerRecord<>(alerts.name(), muted.alertId(), muted));
                producer.send(new ProducerRecord<>(alerts.name(), sent.alertId(), sent));
                producer.flush();

                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("dashboard.webhooks.silenced").counter().count() == 1);
                // Longer than the group wait and interval: nothing else comes.
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.accepted().size() == 1);
                assertThat(receiver.accepted()).hasSize(1);
                JsonNode notification = Json.MAPPER.readTree(receiver.accepted().get(0).body());
                assertThat(notification.get("unit_id").asText()).isEqualTo("X-2");
                assertThat(notification.get("alerts").findValuesAsText("unit_id")).containsExactly(area(2, 1));
            } finally {
                delivery.close();
                dashboard.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
