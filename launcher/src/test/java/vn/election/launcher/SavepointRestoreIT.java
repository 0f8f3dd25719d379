package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.field.feed.CollectingReadingSink;
import vn.election.field.feed.KafkaReadingSink;
import vn.election.field.simulator.ElectionDaySimulator;
import vn.election.field.simulator.SimulationConfig;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.ReferenceTally;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/**
 * Stops the turnout job with a savepoint in the middle of a simulated day, restores it from the
 * savepoint, finishes the day, and checks every unit exactly: a lost or double-counted reading, or
 * state not restored, would show in the totals.
 */
class SavepointRestoreIT {

    @Test
    void aJobStoppedWithASavepointMidDayAndRestoredEndsExact(@TempDir Path savepoints) throws Exception {
        RegistryRef ref = RegistryRef.bundledDemo();
        Registry registry = ref.load();
        CollectingReadingSink recorder = new CollectingReadingSink();
        new ElectionDaySimulator(SimulationConfig.plain(registry, 0, OffsetDateTime.parse("2021-05-23T07:00:00+07:00"), 3)
                .withFaultsAndAnomalies(true, true), recorder).run();
        List<Reading> day = recorder.readings();
        List<Reading> morning = day.subList(0, day.size() / 2);
        List<Reading> afternoon = day.subList(day.size() / 2, day.size());

        String prefix = SharedKafka.freshPrefix("savepoint", 4);
        TurnoutJobConfig config = TurnoutJobConfig.defaults(SharedKafka.bootstrapServers(), ref).withTopicPrefix(prefix);
        produce(prefix, morning);

        JobClient first = start(config, null);
        awaitExact(prefix, registry, morning);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        assertThat(savepoint).isNotBlank();
        // The morning is now only in the savepoint: a job that did not restore its state could not
        // rebuild it from Kafka, so only a real restore ends exact.
        deleteAllRecords(prefix);

        produce(prefix, afternoon);
        JobClient second = start(config, savepoint);
        try {
            Map<String, UnitSnapshot> latest = awaitExact(prefix, registry, day);
            var expected = new ReferenceTally(registry).addAll(day).expected();
            expected.forEach((unit, want) -> {
                if (want.reporting() > 0) {
                    assertThat(latest.get(unit).voted()).as("voted in %s", unit).isEqualTo(want.voted());
                    assertThat(latest.get(unit).registered()).as("registered in %s", unit).isEqualTo(want.registered());
                }
            });
            assertThat(latest.get("VN").completeByLevel().get("polling_area").complete())
                    .isEqualTo(expected.get("VN").completeByLevel().get("polling_area"));
        } finally {
            second.cancel().get();
        }
    }

    private static JobClient start(TurnoutJobConfig config, String savepoint) throws Exception {
        Configuration restore = new Configuration();
        if (savepoint != null) {
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return LocalTurnoutJob.start(config, restore);
    }

    /** Waits until every unit of the units topic matches the reference tally of {@code readings}; returns them. */
    private static Map<String, UnitSnapshot> awaitExact(String prefix, Registry registry, List<Reading> readings) {
        var expected = new ReferenceTally(registry).addAll(readings).expected();
        Map<String, UnitSnapshot> latest = new HashMap<>();
        TopicDrain.readUntil(Topics.UNITS.withPrefix(prefix), records -> {
            records.forEach(r -> latest.put(r.key(), r.value()));
            records.clear();
            return expected.entrySet().stream().filter(e -> e.getValue().reporting() > 0)
                    .allMatch(e -> latest.containsKey(e.getKey()) && latest.get(e.getKey()).voted() == e.getValue().voted()
                            && latest.get(e.getKey()).registered() == e.getValue().registered());
        }, Duration.ofSeconds(90));
        assertThat(latest.get("VN")).isNotNull();
        assertThat(latest.get("VN").voted()).isEqualTo(expected.get("VN").voted());
        return latest;
    }

    private static void deleteAllRecords(String prefix) throws Exception {
        String topic = Topics.READINGS.withPrefix(prefix).name();
        try (Admin admin = SharedKafka.admin()) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(ends).all().get()
                    .forEach((tp, info) -> delete.put(tp, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get();
        }
    }

    private static void produce(String prefix, List<Reading> readings) {
        try (KafkaReadingSink sink = new KafkaReadingSink(SharedKafka.bootstrapServers(), prefix)) {
            readings.forEach(sink::send);
            sink.flush();
        }
    }
}
