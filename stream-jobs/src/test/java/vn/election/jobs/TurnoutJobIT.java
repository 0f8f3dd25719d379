package vn.election.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.testing.Readings.reading;
import static vn.election.testing.Readings.withList;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.ReferenceTally;
import vn.election.testing.SharedKafka;
import vn.election.testing.TestRegistries;
import vn.election.testing.TopicDrain;

/** The whole job on a real broker and a real Flink MiniCluster: readings in, exact unit figures out. */
class TurnoutJobIT {

    private static final Registry REGISTRY = TestRegistries.tiny2026();

    @Test
    void rollsUpReadingsExactlyThroughEveryLevelAndRejectsBadRecords() throws Exception {
        String prefix = SharedKafka.freshPrefix("turnoutJob");
        List<Reading> readings = new ArrayList<>(List.of(
                reading("X-1-a-1", 1, 40, 60),
                reading("X-1-a-1", 2, 100, 120),          // complete: 100 of 100
                reading("X-1-a-1", 2, 100, 120),          // repeated
                reading("X-1-a-1", 1, 40, 60),            // stale
                reading("X-1-a-2", "main", 1, 150, 90),
                reading("X-1-a-2", "mobile", 1, 50, 95),  // 200 of 200: complete, so commune X-1-a is too
                reading("X-2-c-1", 1, 250, 100),
                withList("X-2-c-1", 2, 260, 480, 130),    // list shrinks to 480
                reading("X-2-d-2", 3, 799, 200),
                reading("X-2-d-2", 4, 800, 210)));        // complete
        for (int i = 1; i <= 50; i++) {                   // a per-voter device: one reading per voter
            readings.add(reading("X-1-b-2", "device-7", i, i, 60 + i));
        }
        produce(prefix, readings, List.of("{not json", "{\"station_id\":\"NOPE\",\"seq\":1,"
                + "\"observed_at\":\"2021-05-23T09:00:00+07:00\",\"voted\":1}"));

        TurnoutJobConfig config = TurnoutJobConfig.defaults(SharedKafka.bootstrapServers(),
                RegistryRef.inline(TestRegistries.TINY_2026_CSV)).withTopicPrefix(prefix);
        JobClient job = LocalTurnoutJob.start(config);
        try {
            Map<String, ReferenceTally.Expected> expected = new ReferenceTally(REGISTRY).addAll(readings).expected();
            Map<String, UnitSnapshot> latest = new HashMap<>();
            TopicDrain.readUntil(Topics.UNITS.withPrefix(prefix), records -> {
                records.forEach(r -> latest.put(r.key(), r.value()));
                return expected.entrySet().stream().filter(e -> e.getValue().reporting() > 0)
                        .allMatch(e -> matches(latest.get(e.getKey()), e.getValue()));
            }, Duration.ofSeconds(60));

            expected.forEach((id, want) -> {
                if (want.reporting() > 0) {
                    assertThat(latest).as("figures of %s", id).containsKey(id);
                    assertThat(matches(latest.get(id), want)).as("%s: %s vs %s", id, latest.get(id), want).isTrue();
                }
            });
            UnitSnapshot nation = latest.get("X");
            assertThat(nation.voted()).isEqualTo(100 + 200 + 50 + 260 + 800);
            assertThat(nation.registered()).isEqualTo(3600 - 20);
            assertThat(nation.completeByLevel().get("polling_area").complete()).isEqualTo(3);
            assertThat(nation.completeByLevel().get("polling_area").reporting()).isEqualTo(5);
            assertThat(nation.completeByLevel().get("commune").complete()).isEqualTo(1);
            assertThat(nation.completeByLevel().keySet()).containsExactly("polling_area", "commune", "province");
            assertThat(nation.asOf()).isEqualTo("2021-05-23T10:30:00+07:00");

            List<ConsumerRecord<String, byte[]>> rejected = TopicDrain.readUntil(Topics.REJECTED.withPrefix(prefix),
                    r -> r.size() >= 2, Duration.ofSeconds(30));
            assertThat(rejected).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .anySatisfy(v -> assertThat(v).contains("malformed JSON"))
                    .anySatisfy(v -> assertThat(v).contains("unknown polling area NOPE"));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void findsASilentPollingAreaByEventTimeInAReplay() throws Exception {
        String prefix = SharedKafka.freshPrefix("silence", 4);
        List<Reading> readings = new ArrayList<>();
        readings.add(reading("X-1-a-1", 1, 10, 0));       // 07:00, then nothing until 11:00
        readings.add(reading("X-1-a-1", 2, 60, 240));
        String[] others = {"X-1-a-2", "X-1-b-1", "X-1-b-2", "X-2-c-1", "X-2-c-2", "X-2-d-1", "X-2-d-2"};
        for (int minute = 0, seq = 1; minute <= 300; minute += 10, seq++) {
            for (String station : others) {
                readings.add(reading(station, seq, seq, minute));
            }
        }
        readings.sort(java.util.Comparator.comparing(Reading::observedAt));
        produce(prefix, readings, List.of());

        TurnoutJobConfig config = TurnoutJobConfig.defaults(SharedKafka.bootstrapServers(),
                RegistryRef.inline(TestRegistries.TINY_2026_CSV)).withTopicPrefix(prefix);
        JobClient job = LocalTurnoutJob.start(config);
        try {
            List<ConsumerRecord<String, Alert>> alerts = TopicDrain.readUntil(Topics.ALERTS.withPrefix(prefix),
                    r -> r.stream().anyMatch(a -> a.value().state() == Alert.State.RESOLVED
                            && a.value().kind().equals("SILENT_STATION")), Duration.ofSeconds(60));
            List<Alert> silent = alerts.stream().map(ConsumerRecord::value)
                    .filter(a -> a.kind().equals("SILENT_STATION")).toList();
            assertThat(silent).extracting(Alert::unitId).containsOnly("X-1-a-1");
            assertThat(silent).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
            assertThat(silent.get(0).alertId()).isEqualTo(silent.get(1).alertId());
        } finally {
            job.cancel().get();
        }
    }

    private static boolean matches(UnitSnapshot s, ReferenceTally.Expected e) {
        if (s == null || s.voted() != e.voted() || s.registered() != e.registered()) {
            return false;
        }
        for (Map.Entry<String, Long> c : e.completeByLevel().entrySet()) {
            var got = s.completeByLevel().get(c.getKey());
            if (got == null || got.complete() != c.getValue()) {
                return false;
            }
        }
        var leaf = s.completeByLevel().get("polling_area");
        return leaf == null || leaf.reporting() == e.reporting();
    }

    private static void produce(String prefix, List<Reading> readings, List<String> garbage) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", SharedKafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            String topic = Topics.READINGS.withPrefix(prefix).name();
            for (Reading r : readings) {
                producer.send(new ProducerRecord<>(topic, r.stationId(), ReadingCodec.encode(r)));
            }
            for (String g : garbage) {
                producer.send(new ProducerRecord<>(topic, "garbage", g.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
