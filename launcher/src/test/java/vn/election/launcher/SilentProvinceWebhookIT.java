package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.delivery.DeliveryConfig;
import vn.election.delivery.WebhookDelivery;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * A replayed morning through the real job into webhook delivery: every polling area of one province
 * goes silent for three hours while the others keep reporting; the receiver gets one grouped firing
 * notification for the province's silent areas, then one grouped resolved one, not one per area.
 */
class SilentProvinceWebhookIT {

    private static final Logger LOG = LoggerFactory.getLogger(SilentProvinceWebhookIT.class);
    private static final String PROVINCE = "VN-22";
    private static final OffsetDateTime OPEN = OffsetDateTime.parse("2021-05-23T07:00:00+07:00");

    @Test
    void manySilentAreasOfOneProvinceMakeOneNotificationThenOneResolution() throws Exception {
        String prefix = SharedKafka.freshPrefix("silentProvince", 2);
        RegistryRef ref = RegistryRef.bundledDemo();
        Registry registry = ref.load();
        List<String> silentAreas = new ArrayList<>();
        List<Reading> readings = morning(registry, silentAreas);

        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(Json.MAPPER.readTree(in.readAllBytes()));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        JobClient job = LocalTurnoutJob.start(TurnoutJobConfig.defaults(SharedKafka.bootstrapServers(), ref)
                .withTopicPrefix(prefix));
        DeliveryConfig delivery = DeliveryConfig.defaults(SharedKafka.bootstrapServers(), registry,
                        URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks"), "test-secret")
                .withTopicPrefix(prefix).withGroupId(prefix + "webhooks")
                .withTiming(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofHours(1));
        try (WebhookDelivery webhooks = WebhookDelivery.start(delivery, new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> producer = producer()) {
            // A replay at full speed plays hours in milliseconds: the province's silence would start and
            // end inside one group wait, and an alert resolved before anyone was told it fired is not
            // sent (as Alertmanager does). So the morning is replayed in two parts: up to 10:45 (silent
            // since 08:00), and, once the province's notification arrived, the rest.
            OffsetDateTime back = OPEN.plusMinutes(240);
            send(producer, prefix, readings.stream().filter(r -> r.observedAt().isBefore(back.toInstant())).toList());
            await().atMost(Duration.ofSeconds(120)).until(() -> groups(received, "firing").size() >= 1);
            send(producer, prefix, readings.stream().filter(r -> !r.observedAt().isBefore(back.toInstant())).toList());
            await().atMost(Duration.ofSeconds(120)).until(() -> groups(received, "resolved").size() >= 1);
            // Anything still on its way would come within the group interval.
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> true);

            List<JsonNode> firing = groups(received, "firing");
            List<JsonNode> resolved = groups(received, "resolved");
            LOG.info("Silent province {}: {} notifications in all; silent-station groups: {} firing ({} alerts), {} resolved",
                    PROVINCE, received.size(), firing.size(), firing.isEmpty() ? 0 : firing.get(0).get("count").asInt(),
                    resolved.size());
            assertThat(firing).hasSize(1);
            assertThat(resolved).hasSize(1);
            assertThat(firing.get(0).get("count").asInt()).isEqualTo(silentAreas.size());
            assertThat(firing.get(0).get("unit_name").asText()).isEqualTo(registry.unit(PROVINCE).name());
            List<String> units = new ArrayList<>();
            firing.get(0).get("alerts").forEach(a -> units.add(a.get("unit_id").asText()));
            assertThat(units).containsExactlyInAnyOrderElementsOf(silentAreas);
            assertThat(resolved.get(0).get("count").asInt()).isEqualTo(silentAreas.size());
            assertThat(webhooks.running()).isTrue();

            // Measured, not asserted: from a reading posted to Kafka to the first webhook attempt of the
            // alert it causes (a polling area over its list), through the job and the delivery.
            String area = silentAreas.get(0);
            long list = registry.unit(area).registered();
            long start = System.nanoTime();
            send(producer, prefix, List.of(Reading.of(area, "mobile", 1, OPEN.plusMinutes(301), list + 50, null)));
            await().atMost(Duration.ofSeconds(60)).until(() -> received.stream().anyMatch(n ->
                    "OVER_100_PERCENT".equals(n.path("kind").asText()) && "firing".equals(n.path("state").asText())));
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.info("Reading to first webhook attempt: {} ms, of which the group wait is {} ms", millis,
                    delivery.groupWait().toMillis());
        } finally {
            job.cancel().get();
            receiver.stop(0);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String prefix, List<Reading> readings) {
        for (Reading r : readings) {
            producer.send(new ProducerRecord<>(Topics.READINGS.withPrefix(prefix).name(), r.stationId(),
                    ReadingCodec.encode(r)));
        }
        producer.flush();
    }

    /** The silent-station groups of the province in one state. */
    private static List<JsonNode> groups(List<JsonNode> received, String state) {
        return received.stream().filter(n -> "SILENT_STATION".equals(n.path("kind").asText())
                && PROVINCE.equals(n.path("unit_id").asText()) && state.equals(n.path("state").asText())).toList();
    }

    /**
     * Every polling area reports every 15 minutes from 07:00 to 12:00; those of the province send nothing
     * between 08:00 and 11:00 (three hours: silent after two), then report again.
     */
    private static List<Reading> morning(Registry registry, List<String> silentAreas) {
        List<Reading> out = new ArrayList<>();
        List<String> areas = new ArrayList<>();
        collectAreas(registry, registry.root(), areas);
        for (String area : areas) {
            boolean silent = registry.isWithin(area, PROVINCE);
            if (silent) {
                silentAreas.add(area);
            }
            long list = registry.unit(area).registered();
            long seq = 0;
            for (int minute = 0; minute <= 300; minute += 15) {
                if (silent && minute > 60 && minute < 240) {
                    continue;
                }
                long voted = list * minute / 500;    // about 60% by noon: far from complete
                out.add(Reading.of(area, Reading.DEFAULT_SOURCE, ++seq, OPEN.plusMinutes(minute), voted, null));
            }
        }
        // In time order, as a replay of the morning would send them.
        out.sort((a, b) -> a.observedAt().compareTo(b.observedAt()));
        return out;
    }

    private static void collectAreas(Registry registry, String unit, List<String> out) {
        if (registry.isLeaf(unit)) {
            out.add(unit);
            return;
        }
        registry.children(unit).forEach(c -> collectAreas(registry, c, out));
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer());
    }
}
