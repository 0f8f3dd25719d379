package vn.election.field.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.election.field.feed.CollectingReadingSink;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.testing.ReferenceTally;

class ElectionDaySimulatorTest {

    private static final Registry DEMO = RegistryLoader.bundledDemo();
    private static final OffsetDateTime OPEN = OffsetDateTime.parse("2021-05-23T07:00:00+07:00");

    private record Day(ElectionDaySimulator simulator, List<Reading> readings) {
    }

    private static Day play(SimulationConfig config) {
        CollectingReadingSink sink = new CollectingReadingSink();
        ElectionDaySimulator sim = new ElectionDaySimulator(config, sink);
        sim.run();
        assertThat(sim.finished()).isTrue();
        return new Day(sim, sink.readings());
    }

    private static SimulationConfig plain(long seed) {
        return SimulationConfig.plain(DEMO, 0, OPEN, seed);
    }

    private static Map<String, Long> lastPerStation(List<Reading> readings) {
        return new ReferenceTally(DEMO).addAll(readings).expected().entrySet().stream()
                .filter(e -> DEMO.isLeaf(e.getKey()) && e.getValue().reporting() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().voted()));
    }

    @Test
    void groundTruthEqualsAnIndependentTallyEvenWithFaultsAndAnomalies() {
        Day day = play(plain(1).withFaultsAndAnomalies(true, true));
        var expected = new ReferenceTally(DEMO).addAll(day.readings()).expected();
        assertThat(day.simulator().groundTruth()).isEqualTo(lastPerStation(day.readings())).hasSize(144);
        assertThat(day.simulator().truth().totalVoted()).isEqualTo(expected.get("VN").voted());
        assertThat(day.simulator().truth().totalRegistered()).isEqualTo(expected.get("VN").registered());
        assertThat(day.simulator().sent()).isEqualTo(day.readings().size());
    }

    @Test
    void countersRiseWithTheirSeqAndEverySourceReportsAtClose() {
        Map<String, Reading> previous = new HashMap<>();
        for (Reading r : play(plain(2)).readings()) {
            Reading p = previous.put(r.stationId() + "/" + r.source(), r);
            if (p != null) {
                assertThat(r.seq()).isEqualTo(p.seq() + 1);
                assertThat(r.voted()).isGreaterThanOrEqualTo(p.voted());
            }
        }
        assertThat(previous.values()).allSatisfy(r -> assertThat(r.observedAtLocal().toLocalTime())
                .isEqualTo(OPEN.plusHours(12).toLocalTime()));
        assertThat(previous.keySet()).anyMatch(k -> k.endsWith("/mobile"));
    }

    @Test
    void endsNearNinetyNinePointSixPercentWithMostAreasComplete() {
        Day day = play(plain(3));
        double turnout = 100.0 * day.simulator().truth().totalVoted() / day.simulator().truth().totalRegistered();
        long complete = day.simulator().groundTruth().entrySet().stream()
                .filter(e -> e.getValue() >= day.simulator().truth().registered(e.getKey())).count();
        assertThat(turnout).isBetween(99.0, 100.0);
        assertThat(complete).isBetween(100L, 143L);
    }

    @Test
    void everyAreaVotingOnTheDayReportsAtTheCheckpoints() {
        List<Reading> readings = play(plain(4)).readings();
        Set<String> onTheDay = readings.stream().filter(r -> r.observedAtLocal().toLocalDate().equals(OPEN.toLocalDate()))
                .map(Reading::stationId).collect(Collectors.toSet());
        for (int hour : new int[] {9, 11, 13, 15, 17}) {
            OffsetDateTime checkpoint = OPEN.withHour(hour);
            assertThat(readings.stream().filter(r -> r.observedAtLocal().isEqual(checkpoint))
                    .map(Reading::stationId).collect(Collectors.toSet())).as("reports at %d h", hour).isEqualTo(onTheDay);
        }
    }

    @Test
    void theMorningIsBusierThanTheAfternoon() {
        Map<String, Long> at11 = new HashMap<>();
        play(plain(5)).readings().stream().filter(r -> !r.observedAtLocal().isAfter(OPEN.withHour(11)))
                .forEach(r -> at11.merge(r.stationId() + "/" + r.source(), r.voted(), Math::max));
        double share = (double) at11.values().stream().mapToLong(Long::longValue).sum() / DEMO.registeredTotal(DEMO.root());
        assertThat(share).as("share voted by 11:00").isBetween(0.6, 0.9);
    }

    @Test
    void isTheSameDayForTheSameSeed() {
        SimulationConfig config = plain(6).withFaultsAndAnomalies(true, true);
        assertThat(play(config).readings()).isEqualTo(play(config).readings());
        assertThat(play(config).readings()).isNotEqualTo(play(plain(7).withFaultsAndAnomalies(true, true)).readings());
    }

    @Test
    void checkInModeSendsOneReadingPerVoter() {
        Day day = play(plain(8).withMode(ReportingMode.CHECKINS));
        assertThat((long) day.readings().size()).isEqualTo(day.simulator().truth().totalVoted());
        assertThat(day.readings()).allSatisfy(r -> {
            assertThat(r.source()).startsWith("device-");
            assertThat(r.voted()).isEqualTo(r.seq());
        });
        assertThat(day.simulator().truth().totalVoted()).isGreaterThan(DEMO.registeredTotal(DEMO.root()) * 99 / 100);
    }

    @Test
    void faultsDuplicateAndReorderReadingsWithoutChangingTheTruth() {
        Day day = play(plain(9).withFaultsAndAnomalies(true, false));
        List<Reading> readings = day.readings();
        assertThat(new HashSet<>(readings)).hasSizeLessThan(readings.size());
        Map<String, Long> highestSeq = new HashMap<>();
        boolean outOfOrder = false;
        for (Reading r : readings) {
            Long before = highestSeq.put(r.stationId() + "/" + r.source(), Math.max(r.seq(),
                    highestSeq.getOrDefault(r.stationId() + "/" + r.source(), 0L)));
            outOfOrder |= before != null && r.seq() < before;
        }
        assertThat(outOfOrder).isTrue();
        assertThat(day.simulator().labels()).extracting(InjectedLabel::kind)
                .contains(InjectedKind.DUPLICATE, InjectedKind.DELAYED, InjectedKind.SILENT_THEN_BURST,
                        InjectedKind.DOWNWARD_CORRECTION);
    }

    @Test
    void everyInjectedAnomalyIsVisibleInTheReadings() {
        Day day = play(plain(10).withFaultsAndAnomalies(false, true));
        Map<InjectedKind, List<InjectedLabel>> byKind = day.simulator().anomalyLabels().stream()
                .collect(Collectors.groupingBy(InjectedLabel::kind));
        assertThat(byKind.keySet()).containsExactlyInAnyOrder(InjectedKind.OVER_100_PERCENT, InjectedKind.COUNTER_DECREASE,
                InjectedKind.SURGE, InjectedKind.SILENT_STATION, InjectedKind.JUMP_TO_100_BEFORE_CHECKPOINT,
                InjectedKind.LAGGING_PROVINCE);
        Map<String, List<Reading>> byStation = day.readings().stream().collect(Collectors.groupingBy(Reading::stationId));

        for (InjectedLabel l : byKind.get(InjectedKind.OVER_100_PERCENT)) {
            assertThat(day.simulator().groundTruth().get(l.unitId())).isGreaterThan(DEMO.unit(l.unitId()).registered());
        }
        for (InjectedLabel l : byKind.get(InjectedKind.COUNTER_DECREASE)) {
            List<Reading> rs = byStation.get(l.unitId());
            assertThat(rs).anySatisfy(r -> assertThat(rs.stream().anyMatch(p -> p.seq() < r.seq() && p.voted() > r.voted()))
                    .isTrue());
        }
        for (InjectedLabel l : byKind.get(InjectedKind.SILENT_STATION)) {
            assertThat(byStation.get(l.unitId())).noneMatch(r -> !r.observedAtLocal().isBefore(l.from())
                    && r.observedAtLocal().isBefore(l.until()));
        }
        for (InjectedLabel l : byKind.get(InjectedKind.SURGE)) {
            List<Reading> rs = byStation.get(l.unitId());
            Reading before = rs.stream().filter(r -> r.observedAtLocal().isEqual(l.from())).findFirst().orElseThrow();
            Reading after = rs.stream().filter(r -> r.observedAtLocal().isEqual(l.until())).findFirst().orElseThrow();
            assertThat(after.voted() - before.voted()).isGreaterThan(DEMO.unit(l.unitId()).registered() / 4);
        }
        for (InjectedLabel l : byKind.get(InjectedKind.JUMP_TO_100_BEFORE_CHECKPOINT)) {
            Reading jump = byStation.get(l.unitId()).stream().filter(r -> r.observedAtLocal().isEqual(l.from()))
                    .findFirst().orElseThrow();
            assertThat(jump.voted()).isEqualTo(DEMO.unit(l.unitId()).registered());
        }
        String lagging = byKind.get(InjectedKind.LAGGING_PROVINCE).get(0).unitId();
        Map<String, long[]> at11 = new HashMap<>();   // province -> {voted, registered}
        Map<String, Long> lastAt11 = new HashMap<>();
        day.readings().stream().filter(r -> !r.observedAtLocal().isAfter(OPEN.withHour(11)))
                .forEach(r -> lastAt11.put(r.stationId() + "/" + r.source(), r.voted()));
        lastAt11.forEach((k, v) -> at11.computeIfAbsent(DEMO.path(k.split("/")[0]).get(1).id(), p -> new long[1])[0] += v);
        double laggingShare = (double) at11.get(lagging)[0] / DEMO.registeredTotal(lagging);
        at11.forEach((province, v) -> {
            if (!province.equals(lagging)) {
                assertThat((double) v[0] / DEMO.registeredTotal(province)).isGreaterThan(laggingShare + 0.15);
            }
        });
    }
}
