package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import vn.election.field.feed.KafkaReadingSink;
import vn.election.field.simulator.ElectionDaySimulator;
import vn.election.field.simulator.GroundTruth;
import vn.election.field.simulator.ReportingMode;
import vn.election.field.simulator.SimulationConfig;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/**
 * A whole simulated day of per-voter check-ins (one reading per voter, with duplicates, late and
 * out-of-order delivery and bursts) played at full speed into Kafka and through the real turnout job:
 * every unit of the registry must end exactly at the simulator's own totals.
 */
class SimulatedDayIT {

    @Test
    void aDayOfCheckInsWithFaultsEndsExactlyAtTheSimulatorsTotals() throws Exception {
        RegistryRef ref = RegistryRef.bundledDemo();
        Registry registry = ref.load();
        String prefix = SharedKafka.freshPrefix("simulatedDay", 4);
        ElectionDaySimulator simulator;
        try (KafkaReadingSink sink = new KafkaReadingSink(SharedKafka.bootstrapServers(), prefix)) {
            simulator = new ElectionDaySimulator(SimulationConfig.plain(registry, 0,
                    OffsetDateTime.parse("2021-05-23T07:00:00+07:00"), 11).withMode(ReportingMode.CHECKINS)
                    .withFaultsAndAnomalies(true, true), sink);
            simulator.run();
        }
        GroundTruth truth = simulator.truth();
        assertThat(simulator.sent()).isGreaterThan(truth.totalVoted());   // duplicates were delivered too

        Map<String, long[]> expected = new HashMap<>();   // unit -> {voted, registered}
        simulator.groundTruth().forEach((station, voted) -> {
            for (Unit u : registry.path(station)) {
                long[] e = expected.computeIfAbsent(u.id(), k -> new long[2]);
                e[0] += voted;
                e[1] += truth.registered(station);
            }
        });

        TurnoutJobConfig config = TurnoutJobConfig.defaults(SharedKafka.bootstrapServers(), ref).withTopicPrefix(prefix);
        JobClient job = LocalTurnoutJob.start(config);
        try {
            Map<String, UnitSnapshot> latest = new HashMap<>();
            TopicDrain.readUntil(Topics.UNITS.withPrefix(prefix), records -> {
                records.forEach(r -> latest.put(r.key(), r.value()));
                records.clear();
                return expected.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
                        && latest.get(e.getKey()).voted() == e.getValue()[0]
                        && latest.get(e.getKey()).registered() == e.getValue()[1]);
            }, Duration.ofSeconds(120));

            assertThat(expected).hasSize(registry.size());
            expected.forEach((unit, e) -> {
                assertThat(latest.get(unit)).as(unit).isNotNull();
                assertThat(latest.get(unit).voted()).as("voted in %s", unit).isEqualTo(e[0]);
                assertThat(latest.get(unit).registered()).as("registered in %s", unit).isEqualTo(e[1]);
            });
            assertThat(latest.get("VN").voted()).isEqualTo(truth.totalVoted());
            assertThat(latest.get("VN").completeByLevel().get("polling_area").reporting()).isEqualTo(144);
        } finally {
            job.cancel().get();
        }
    }
}
