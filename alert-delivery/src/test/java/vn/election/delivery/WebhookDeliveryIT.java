package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.delivery.DeliveryFixtures.area;
import static vn.election.delivery.DeliveryFixtures.resolved;
import static vn.election.delivery.DeliveryFixtures.silent;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/** Webhook delivery against the shared real broker and a real HTTP receiver: signature, retries, restart, grouping. */
class WebhookDeliveryIT {

    private static final Registry REGISTRY = DeliveryFixtures.registry(300);

    private final List<WebhookDelivery> running = new ArrayList<>();
    private TestReceiver receiver;
    private KafkaProducer<String, Alert> producer;
    private Topic<String, Alert> topic;
    private DeliveryConfig config;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        String prefix = SharedKafka.freshPrefix(info.getTestMethod().orElseThrow().getName());
        topic = Topics.ALERTS.withPrefix(prefix);
        receiver = new TestReceiver();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), topic.keySerializer(), topic.valueSerializer());
        meters = new SimpleMeterRegistry();
        config = DeliveryConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY, receiver.uri(), DeliveryFixtures.SECRET)
                .withTopicPrefix(prefix).withGroupId(prefix + "webhooks")
                .withTiming(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofHours(1))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .withRequestTimeout(Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        running.forEach(WebhookDelivery::close);
        producer.close();
        receiver.close();
        meters.close();
    }

    private WebhookDelivery start(DeliveryConfig c) {
        WebhookDelivery d = WebhookDelivery.start(c, meters);
        running.add(d);
        return d;
    }

    private void produce(Alert... alerts) {
        for (Alert a : alerts) {
            producer.send(new ProducerRecord<>(topic.name(), a.alertId(), a));
        }
        producer.flush();
    }

    private static JsonNode body(TestReceiver.Request r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void theSignatureVerifiesAtTheReceiver() throws Exception {
        start(config.withTiming(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1)));
        produce(silent(area(2, 1)));   // warm-up: the consumer joins its group and is assigned
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);

        long produced = System.currentTimeMillis();
        produce(DeliveryFixtures.firing("SURGE", area(1, 7)));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);
        TestReceiver.Request r = receiver.requests().get(1);
        System.out.printf("WebhookDeliveryIT: alert record produced -> first webhook attempt: %d ms (group wait 0)%n",
                r.arrivedMillis() - produced);

        new WebhookVerifier(DeliveryFixtures.SECRET).verify(r.id(), r.timestamp(), r.signature(), r.body(), Instant.now());
        JsonNode b = body(r);
        assertThat(b.get("type").asText()).isEqualTo("alert_group");
        assertThat(b.get("kind").asText()).isEqualTo("SURGE");
        assertThat(b.get("unit_id").asText()).isEqualTo("X-1");
        assertThat(b.get("count").asInt()).isEqualTo(1);
        assertThat(b.get("alerts").get(0).get("unit_id").asText()).isEqualTo(area(1, 7));
        assertThat(r.id()).startsWith("msg_");
    }

    @Test
    void aReceiverFailingTwiceGetsEachStateChangeWithOneIdPerNotificationAndNothingAfterSuccess() throws Exception {
        receiver.answer((id, attempt) -> attempt <= 2 ? 500 : 204);
        WebhookDelivery delivery = start(config);
        Alert a = silent(area(1, 1));
        produce(a);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);
        produce(resolved(a));
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 2);

        Map<String, List<TestReceiver.Request>> byId = receiver.requests().stream()
                .collect(Collectors.groupingBy(TestReceiver.Request::id));
        assertThat(byId).hasSize(2);
        byId.values().forEach(attempts -> assertThat(attempts).extracting(TestReceiver.Request::status)
                .containsExactly(500, 500, 204));
        assertThat(body(receiver.accepted().get(0)).get("state").asText()).isEqualTo("firing");
        assertThat(body(receiver.accepted().get(1)).get("state").asText()).isEqualTo("resolved");
        // Each attempt is signed afresh; every one verifies.
        WebhookVerifier verifier = new WebhookVerifier(DeliveryFixtures.SECRET);
        for (TestReceiver.Request r : receiver.requests()) {
            verifier.verify(r.id(), r.timestamp(), r.signature(), r.body(), Instant.now());
        }
        // Delivered means done: no resend over several group intervals, and nothing left pending.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.requests().size() == 6 && delivery.pendingRecords() == 0);
        assertThat(meters.get("dashboard.webhooks.notifications.sent").counter().count()).isEqualTo(2);
        assertThat(meters.get("dashboard.webhooks.attempts").counter().count()).isEqualTo(6);
        assertThat(meters.get("dashboard.webhooks.failures").tag("reason", "status_5xx").counter().count()).isEqualTo(4);
    }

    @Test
    void aRestartWhileTheReceiverFailsLosesNothingAndKeepsTheWebhookId() {
        receiver.answer((id, attempt) -> 503);
        WebhookDelivery first = start(config);
        produce(silent(area(1, 1)), silent(area(1, 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() >= 2);
        assertThat(first.pendingRecords()).isEqualTo(2);
        first.close();
        running.remove(first);
        int failedBefore = receiver.requests().size();
        String id = receiver.requests().get(0).id();

        start(config);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() > failedBefore);
        receiver.answer((i, attempt) -> 204);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        assertThat(receiver.requests()).extracting(TestReceiver.Request::id).containsOnly(id);
        assertThat(receiver.accepted().get(0).id()).isEqualTo(id);

        // Delivered and committed: a third instance of the group does not send it again.
        running.forEach(WebhookDelivery::close);
        running.clear();
        int total = receiver.requests().size();
        WebhookDelivery third = start(config);
        // Joining the group takes a few seconds on a loaded machine: wait for it, then watch for resends.
        await().atMost(Duration.ofSeconds(30)).until(third::running);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                .until(() -> receiver.requests().size() == total);
    }

    @Test
    void manySilentAreasOfOneProvinceMakeOneFiringThenOneResolvedNotification() throws Exception {
        start(config.withTiming(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofHours(1)));
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            alerts.add(silent(area(1, i)));
        }
        long produced = System.currentTimeMillis();
        produce(alerts.toArray(Alert[]::new));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);
        System.out.printf("WebhookDeliveryIT: 300 alert records produced -> first webhook attempt: %d ms (group wait 2000 ms)%n",
                receiver.requests().get(0).arrivedMillis() - produced);
        JsonNode firing = body(receiver.accepted().get(0));
        assertThat(firing.get("state").asText()).isEqualTo("firing");
        assertThat(firing.get("unit_id").asText()).isEqualTo("X-1");
        assertThat(firing.get("count").asInt()).isEqualTo(300);
        Set<String> ids = new java.util.HashSet<>();
        firing.get("alerts").forEach(n -> ids.add(n.get("alert_id").asText()));
        assertThat(ids).hasSize(300);

        produce(alerts.stream().map(DeliveryFixtures::resolved).toArray(Alert[]::new));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 2);
        JsonNode done = body(receiver.accepted().get(1));
        assertThat(done.get("state").asText()).isEqualTo("resolved");
        assertThat(done.get("count").asInt()).isEqualTo(300);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests().size() == 2);
    }

    @Test
    void routesSendAProvinceItsCriticalAlertsAndEverythingToTheCatchAll() throws Exception {
        TestReceiver province2 = new TestReceiver();
        try {
            java.nio.file.Path routes = java.nio.file.Files.createTempFile("routes", ".json");
            java.nio.file.Files.writeString(routes, "[{\"receiver\": \"" + province2.uri()
                    + "\", \"unit_id\": \"X-2\", \"severity\": \"critical\"}]");
            WebhookDelivery delivery = start(config.withRoutesFile(routes));
            Alert warning1 = silent(area(1, 1));
            Alert warning2 = silent(area(2, 1));
            Alert critical2 = DeliveryFixtures.critical(DeliveryFixtures.firing("OVER_100_PERCENT", area(2, 2)));
            produce(warning1, warning2, critical2);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 3
                    && province2.accepted().size() == 1 && delivery.pendingRecords() == 0);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> receiver.requests().size() == 3 && province2.requests().size() == 1);

            JsonNode routed = body(province2.accepted().get(0));
            assertThat(routed.get("group_key").asText()).isEqualTo("OVER_100_PERCENT/firing/X-2");
            assertThat(routed.get("alerts")).extracting(a -> a.get("alert_id").asText()).containsExactly(critical2.alertId());
            new WebhookVerifier(DeliveryFixtures.SECRET).verify(province2.accepted().get(0).id(),
                    province2.accepted().get(0).timestamp(), province2.accepted().get(0).signature(),
                    province2.accepted().get(0).body(), Instant.now());
            Set<String> everything = new java.util.HashSet<>();
            for (TestReceiver.Request r : receiver.accepted()) {
                body(r).get("alerts").forEach(a -> everything.add(a.get("alert_id").asText()));
            }
            assertThat(everything).containsExactlyInAnyOrder(warning1.alertId(), warning2.alertId(), critical2.alertId());
        } finally {
            province2.close();
        }
    }

    @Test
    void aGroupNoRouteWantsIsDroppedAndItsOffsetsMoveOn() throws Exception {
        java.nio.file.Path routes = java.nio.file.Files.createTempFile("routes", ".json");
        java.nio.file.Files.writeString(routes, "[{\"receiver\": \"" + receiver.uri() + "\", \"unit_id\": \"X-2\"}]");
        WebhookDelivery delivery = start(config.withRoutesFile(routes).withReceivers(List.of()));
        produce(silent(area(1, 1)), silent(area(2, 1)));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1 && delivery.pendingRecords() == 0);
        assertThat(body(receiver.accepted().get(0)).get("unit_id").asText()).isEqualTo("X-2");
        assertThat(meters.get("dashboard.webhooks.unrouted").counter().count()).isEqualTo(1);
    }
}
