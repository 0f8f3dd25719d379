package vn.election.ingest.simulator;

import vn.election.ingest.feed.ReadingSink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

class ElectionDaySimulatorTest {

    private static final Registry DEMO = RegistryLoader.bundledDemo();
    private static final OffsetDateTime OPEN = OffsetDateTime.parse("2021-05-23T07:00:00+07:00");

    /** Collects readings in memory: the simulator's output, looked at directly. */
    private static final class CollectingSink implements ReadingSink {
        final List<Reading> readings = new ArrayList<>();

        @Override
        public void send(Reading reading) {
            readings.add(reading);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static CollectingSink play(long seed) {
        CollectingSink sink = new CollectingSink();
        ElectionDaySimulator sim = new ElectionDaySimulator(
                new SimulationConfig(DEMO, 0, OPEN, Duration.ofHours(12), seed), sink);
        sim.run();
        assertThat(sim.finished()).isTrue();
        return sink;
    }

    @Test
    void groundTruthIsWhatEachAreaReportedLast() {
        CollectingSink sink = new CollectingSink();
        ElectionDaySimulator sim = new ElectionDaySimulator(
                new SimulationConfig(DEMO, 0, OPEN, Duration.ofHours(12), 1), sink);
        sim.run();
        Map<String, Long> last = new HashMap<>();
        sink.readings.forEach(r -> last.put(r.stationId(), r.voted()));
        assertThat(sim.groundTruth()).isEqualTo(last).hasSize(144);
        assertThat(sim.sent()).isEqualTo(sink.readings.size());
    }

    @Test
    void countersRiseWithTheirSeqAndEveryAreaReportsAtClose() {
        Map<String, Reading> previous = new HashMap<>();
        for (Reading r : play(2).readings) {
            Reading p = previous.put(r.stationId(), r);
            if (p != null) {
                assertThat(r.seq()).isEqualTo(p.seq() + 1);
                assertThat(r.voted()).isGreaterThanOrEqualTo(p.voted());
                assertThat(r.observedAt()).isAfterOrEqualTo(p.observedAt());
            }
        }
        assertThat(previous.values()).allSatisfy(r ->
                assertThat(r.observedAtLocal()).isEqualTo(OPEN.plusHours(12)));
    }

    @Test
    void endsNearNinetyNinePointSixPercentWithMostAreasComplete() {
        Map<String, Long> last = new HashMap<>();
        play(3).readings.forEach(r -> last.put(r.stationId(), r.voted()));
        long voted = last.values().stream().mapToLong(Long::longValue).sum();
        double turnout = 100.0 * voted / DEMO.registeredTotal(DEMO.root());
        long complete = last.entrySet().stream().filter(e -> e.getValue() >= DEMO.unit(e.getKey()).registered()).count();
        assertThat(turnout).isBetween(99.0, 100.0);
        assertThat(complete).isBetween(100L, 143L);
    }

    @Test
    void everyAreaReportsAtTheCheckpoints() {
        List<Reading> readings = play(4).readings;
        for (int hour : new int[] {9, 11, 13, 15, 17}) {
            OffsetDateTime checkpoint = OPEN.withHour(hour);
            assertThat(readings.stream().filter(r -> r.observedAtLocal().isEqual(checkpoint))
                    .map(Reading::stationId).distinct().count()).as("reports at %d h", hour).isEqualTo(144);
        }
    }

    @Test
    void theMorningIsBusierThanTheAfternoon() {
        Map<String, Long> at11 = new HashMap<>();
        play(5).readings.stream().filter(r -> !r.observedAtLocal().isAfter(OPEN.withHour(11)))
                .forEach(r -> at11.put(r.stationId(), r.voted()));
        double share = (double) at11.values().stream().mapToLong(Long::longValue).sum() / DEMO.registeredTotal(DEMO.root());
        assertThat(share).as("share voted by 11:00").isBetween(0.6, 0.9);
    }

    @Test
    void isTheSameDayForTheSameSeed() {
        assertThat(play(6).readings).isEqualTo(play(6).readings);
        assertThat(play(6).readings).isNotEqualTo(play(7).readings);
    }
}
