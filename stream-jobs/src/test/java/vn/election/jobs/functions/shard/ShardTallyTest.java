package vn.election.jobs.functions.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.functions.CoalescingFiguresFunction;
import vn.election.jobs.functions.detect.DetectorConfig;
import vn.election.jobs.functions.detect.ShardDetectors;
import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.ShardReading;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitUpdate;
import vn.election.testing.TestRegistries;

/**
 * The shard stage on the tiny 2026 registry cut at the province (minShards 1), so a shard holds communes:
 * exact figures per area, commune and shard in the same tick, one delta per shard, one timer per shard per
 * tick, stale and repeated readings ignored, and state and open alerts kept across a snapshot and restore.
 */
class ShardTallyTest {

    private static final RegistryRef REGISTRY = RegistryRef.inline(TestRegistries.TINY_2026_CSV);
    private static final ShardPlan PLAN = ShardPlan.of(REGISTRY, 1, 128);
    private static final OffsetDateTime NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00");

    private KeyedOneInputStreamOperatorTestHarness<Integer, ShardReading, UnitDelta> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
        harness.setProcessingTime(0);
    }

    /** Every level inside the shard: the tests read the inner units' figures from their updates. */
    private static final java.util.Set<Integer> EVERY_DEPTH = java.util.Set.of(0, 1, 2, 3);

    private static KeyedOneInputStreamOperatorTestHarness<Integer, ShardReading, UnitDelta> newHarness() throws Exception {
        return newHarness(EVERY_DEPTH);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, ShardReading, UnitDelta> newHarness(
            java.util.Set<Integer> updateDepths) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ShardTally(REGISTRY, 1, 128,
                Duration.ofMillis(100), new ShardDetectors(DetectorConfig.defaults()), HistoryConfig.defaults().withPollingAreas(true),
                updateDepths)), ShardReading::shardKey, Types.INT);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void read(String station, String source, long seq, int minute, long voted, long registered) throws Exception {
        ShardPlan.AreaAddress at = PLAN.address(station);
        long millis = NINE.plusMinutes(minute).toInstant().toEpochMilli();
        harness.processElement(new StreamRecord<>(new ShardReading(PLAN.shard(at.shard()).key, at.area(), source, seq,
                millis, 25_200, voted, registered, null), millis));
    }

    private void read(String station, long seq, int minute, long voted) throws Exception {
        read(station, "main", seq, minute, voted, ShardReading.NO_LIST);
    }

    /** The latest figures of each unit, from both of the stage's update outputs (areas, and the units above them). */
    private Map<String, UnitUpdate> lastUpdates() {
        java.util.List<UnitUpdate> all = new java.util.ArrayList<>();
        for (var tag : List.of(ShardTally.AREA_UPDATES, CoalescingFiguresFunction.UPDATES)) {
            var out = harness.getSideOutput(tag);
            if (out != null) {
                out.forEach(r -> all.add(r.getValue()));
            }
        }
        return all.stream().collect(Collectors.toMap(UnitUpdate::unitId, Function.identity(), (a, b) -> b));
    }

    @Test
    void cutsTheRegistryAtTheShallowestLevelWithEnoughUnits() {
        assertThat(PLAN.shardDepth()).isEqualTo(1);
        assertThat(PLAN.shardCount()).isEqualTo(2);
        // Too few provinces or communes for 512 shards: the level just above the polling areas.
        assertThat(ShardPlan.of(REGISTRY, 512, 128).shardDepth()).isEqualTo(2);
    }

    @Test
    void rollsAreasUpToTheirCommuneAndShardInTheSameTick() throws Exception {
        read("X-1-a-1", 1, 0, 40);
        read("X-1-a-1", 2, 5, 100);                                     // 100 of 100: complete
        read("X-1-a-2", "main", 1, 1, 150, ShardReading.NO_LIST);
        read("X-1-a-2", "mobile", 1, 2, 50, ShardReading.NO_LIST);      // 200 of 200: so commune X-1-a is too
        assertThat(lastUpdates()).isEmpty();
        harness.setProcessingTime(100);

        Map<String, UnitUpdate> updates = lastUpdates();
        assertThat(updates).containsOnlyKeys("X-1-a-1", "X-1-a-2", "X-1-a", "X-1");
        assertThat(updates.values()).extracting(u -> u.figures().version()).containsOnly(100L);
        assertThat(updates.get("X-1-a-2").figures().voted()).isEqualTo(200);
        assertThat(updates.get("X-1-a").figures().voted()).isEqualTo(300);
        assertThat(updates.get("X-1-a").figures().completeByDepth()).containsExactly(0, 0, 0, 2);
        assertThat(updates.get("X-1").figures().voted()).isEqualTo(300);
        assertThat(updates.get("X-1").figures().registered()).isEqualTo(1000);   // the registry's whole list
        assertThat(updates.get("X-1").figures().completeByDepth()).containsExactly(0, 0, 1, 2);
        assertThat(updates.get("X-1").figures().reporting()).isEqualTo(2);

        // What the units topic gets: the same figures, encoded by the stage.
        Map<String, vn.election.model.unit.UnitSnapshot> encoded = harness.getSideOutput(ShardTally.SNAPSHOTS).stream()
                .map(r -> vn.election.model.unit.UnitSnapshotCodec.decode(r.getValue().value()))
                .collect(Collectors.toMap(vn.election.model.unit.UnitSnapshot::unitId, Function.identity(), (a, b) -> b));
        assertThat(encoded).containsOnlyKeys("X-1-a-1", "X-1-a-2", "X-1-a", "X-1");
        assertThat(encoded.get("X-1").voted()).isEqualTo(300);
        assertThat(encoded.get("X-1").completeByLevel().get("commune").complete()).isEqualTo(1);
        assertThat(encoded.get("X-1").completeByLevel().get("polling_area").reporting()).isEqualTo(2);
        assertThat(encoded.get("X-1-a-2").asOf()).isEqualTo("2021-05-23T09:02:00+07:00");
        assertThat(encoded.get("X-1-a").version()).isEqualTo(100);

        List<UnitDelta> up = harness.extractOutputValues();
        assertThat(up).singleElement().satisfies(d -> {
            assertThat(d.unitId()).isEqualTo("X");
            assertThat(d.voted()).isEqualTo(300);
            assertThat(d.registered()).isZero();
            assertThat(d.completeByDepth()).containsExactly(0, 0, 1, 2);
            assertThat(d.reporting()).isEqualTo(2);
        });
    }

    @Test
    void makesInnerUpdatesOnlyAtTheLevelsAskedForAndSnapshotsAtEvery() throws Exception {
        harness.close();
        harness = newHarness(java.util.Set.of(2));   // communes only (the target check's levels, as a rule none)
        harness.open();
        harness.setProcessingTime(0);
        read("X-1-a-1", 1, 0, 40);
        harness.setProcessingTime(100);

        var inner = harness.getSideOutput(CoalescingFiguresFunction.UPDATES);
        assertThat(inner).isNotNull();
        assertThat(inner.stream().map(r -> r.getValue().unitId())).containsExactly("X-1-a");
        assertThat(harness.getSideOutput(ShardTally.SNAPSHOTS).stream()
                .map(r -> vn.election.model.unit.UnitSnapshotCodec.decode(r.getValue().value()).unitId()))
                .containsExactlyInAnyOrder("X-1-a-1", "X-1-a", "X-1");
    }

    /** The last point of each unit per bucket end, from one of the stage's curve outputs. */
    private Map<String, HistoryPoint> points(org.apache.flink.util.OutputTag<HistoryPoint> tag) {
        var out = harness.getSideOutput(tag);
        return out == null ? Map.of() : out.stream().map(StreamRecord::getValue).collect(Collectors.toMap(
                p -> p.unitId() + "@" + java.time.Instant.ofEpochMilli(p.bucketEndMillis()).atOffset(NINE.getOffset())
                        .toLocalTime(), Function.identity(), (a, b) -> b));
    }

    @Test
    void closesEachBucketOfEventTimeWhenTheWatermarkPassesItWhateverTheArrivalOrder() throws Exception {
        read("X-1-a-1", 1, 7, 40);                  // bucket 09:05-09:10 first
        read("X-1-a-2", 1, 2, 150);                 // then 09:00-09:05
        read("X-1-a-1", "mobile", 1, 4, 10, ShardReading.NO_LIST);
        harness.setProcessingTime(100);
        // Before the watermark nothing is closed; open points wait for the amendment timer.
        assertThat(points(ShardTally.CURVE_POINTS)).isEmpty();
        assertThat(points(ShardTally.OPEN_POINTS)).isEmpty();

        harness.processWatermark(NINE.plusMinutes(5).toInstant().toEpochMilli());
        Map<String, HistoryPoint> closed = points(ShardTally.CURVE_POINTS);
        assertThat(closed).containsOnlyKeys("X-1-a@09:05", "X-1@09:05", "X-1-a-1@09:05", "X-1-a-2@09:05");
        assertThat(closed.get("X-1@09:05").voted()).isEqualTo(160);
        assertThat(closed.get("X-1@09:05").reporting()).isEqualTo(2);
        assertThat(closed.get("X-1@09:05").open()).isFalse();
        harness.processWatermark(NINE.plusMinutes(10).toInstant().toEpochMilli());
        closed = points(ShardTally.CURVE_POINTS);
        assertThat(closed.get("X-1-a@09:10").voted()).isEqualTo(200);
        assertThat(closed.get("X-1-a-2@09:10").voted()).isEqualTo(150);   // quiet, filled with its figures

        // A reading observed at 09:03 that comes after both buckets closed amends them at the next amendment timer.
        read("X-1-a-2", 2, 3, 170);
        harness.setProcessingTime(200);
        // The change goes up on the tick; the points it amends wait for the amendment timer.
        assertThat(harness.getSideOutput(ShardTally.CURVE_DELTAS)).extracting(StreamRecord::getValue)
                .endsWith(new vn.election.jobs.records.CurveDelta("X", bucket(0), 20, 0, 0, 25_200));
        assertThat(points(ShardTally.CURVE_POINTS).get("X-1@09:05").voted()).isEqualTo(160);
        harness.setProcessingTime(vn.election.jobs.functions.curve.CurveTimers.AMEND_MILLIS);
        // The open point of each changed unit: its figures so far, at the bucket of its latest reading.
        assertThat(points(ShardTally.OPEN_POINTS).get("X-1@09:10")).satisfies(p -> {
            assertThat(p.open()).isTrue();
            assertThat(p.voted()).isEqualTo(220);
        });
        closed = points(ShardTally.CURVE_POINTS);
        assertThat(closed.get("X-1@09:05").voted()).isEqualTo(180);
        assertThat(closed.get("X-1@09:10").voted()).isEqualTo(220);
        // The shard's change per bucket, for its parent's curve: two closed buckets and the late change.
        assertThat(harness.getSideOutput(ShardTally.CURVE_DELTAS)).extracting(StreamRecord::getValue).containsExactly(
                new vn.election.jobs.records.CurveDelta("X", bucket(0), 160, 0, 2, 25_200),
                new vn.election.jobs.records.CurveDelta("X", bucket(5), 40, 0, 0, 25_200),
                new vn.election.jobs.records.CurveDelta("X", bucket(0), 20, 0, 0, 25_200));
    }

    @Test
    void aReadingMadeExactlyAtABucketsEndIsInThatPointWhichClosesWhenTheWatermarkReachesIt() throws Exception {
        read("X-1-a-1", 1, 0, 10);                  // 09:00:00.000: the point at 09:00
        read("X-1-a-1", 2, 5, 40);                  // 09:05:00.000: the point at 09:05, not 09:10
        read("X-1-a-2", 1, 10, 150);                // 09:10:00.000
        harness.processWatermark(NINE.plusMinutes(5).toInstant().toEpochMilli() - 1);
        Map<String, HistoryPoint> closed = points(ShardTally.CURVE_POINTS);
        assertThat(closed).as("09:04:59.999 closes the point at 09:00 only").containsKey("X-1@09:00")
                .doesNotContainKey("X-1@09:05");
        assertThat(closed.get("X-1@09:00").voted()).isEqualTo(10);
        harness.processWatermark(NINE.plusMinutes(5).toInstant().toEpochMilli());
        closed = points(ShardTally.CURVE_POINTS);
        assertThat(closed.get("X-1@09:05").voted()).as("the 09:05:00 reading is in the point at 09:05").isEqualTo(40);
        assertThat(closed.get("X-1@09:05").reporting()).isEqualTo(1);
        assertThat(closed).doesNotContainKey("X-1@09:10");
        harness.processWatermark(NINE.plusMinutes(10).toInstant().toEpochMilli());
        closed = points(ShardTally.CURVE_POINTS);
        assertThat(closed.get("X-1@09:10").voted()).isEqualTo(190);
        assertThat(closed.get("X-1@09:10").reporting()).isEqualTo(2);
    }

    @Test
    void aReadingForABucketTheWatermarkPassedIsLateEvenInAQuietShard() throws Exception {
        read("X-1-a-1", 1, 2, 40);
        harness.processWatermark(NINE.plusMinutes(5).toInstant().toEpochMilli());
        // The watermark moves on with no reading in this shard: past the hour of filled points its book stops at 10:05.
        harness.processWatermark(NINE.plusMinutes(90).toInstant().toEpochMilli());
        harness.getSideOutput(ShardTally.CURVE_DELTAS).clear();
        read("X-1-b-1", 1, 72, 30);                 // observed 10:12, passed by the watermark
        harness.setProcessingTime(200);
        // A late change, not one waiting for a timer the watermark will never fire again: it goes up on the tick.
        assertThat(harness.getSideOutput(ShardTally.CURVE_DELTAS)).extracting(StreamRecord::getValue)
                .containsExactly(new vn.election.jobs.records.CurveDelta("X", bucket(70), 30, 0, 1, 25_200));
        harness.setProcessingTime(vn.election.jobs.functions.curve.CurveTimers.AMEND_MILLIS);
        Map<String, HistoryPoint> closed = points(ShardTally.CURVE_POINTS);
        assertThat(closed.get("X-1@10:05").voted()).isEqualTo(40);
        assertThat(closed).doesNotContainKey("X-1@10:10");
        assertThat(closed.get("X-1@10:15").voted()).isEqualTo(70);
        assertThat(closed.get("X-1@10:30").voted()).isEqualTo(70);
        assertThat(closed.get("X-1@10:30").reporting()).isEqualTo(2);
    }

    /**
     * The bucket that starts at 09:00 plus {@code minute} (a multiple of 5): it holds the readings observed after that
     * instant up to and including five minutes later, and its point is labelled with that later end.
     */
    private static long bucket(int minute) {
        return Math.floorDiv(NINE.plusMinutes(minute).toInstant().toEpochMilli(), Duration.ofMinutes(5).toMillis());
    }

    @Test
    void ignoresRepeatedAndStaleReadings() throws Exception {
        read("X-1-b-1", 2, 0, 50);
        read("X-1-b-1", 2, 1, 60);   // repeated seq
        read("X-1-b-1", 1, 2, 70);   // stale seq
        harness.setProcessingTime(100);

        assertThat(lastUpdates().get("X-1-b-1").figures().voted()).isEqualTo(50);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(d -> assertThat(d.voted()).isEqualTo(50));
    }

    @Test
    void aListObservedBeforeTheOneInForceChangesNothing() throws Exception {
        read("X-1-b-2", "main", 1, 10, 100, 380);
        read("X-1-b-2", "main", 2, 5, 120, 420);    // newer seq, but its list was observed earlier
        harness.setProcessingTime(100);

        UnitUpdate area = lastUpdates().get("X-1-b-2");
        assertThat(area.figures().registered()).isEqualTo(380);
        assertThat(area.figures().voted()).isEqualTo(120);
        assertThat(lastUpdates().get("X-1").figures().registered()).isEqualTo(1000 - 20);
    }

    @Test
    void putsOnRecordEveryAppliedReadingThatLowersItsSourceOrChangesTheList() throws Exception {
        read("X-1-b-2", "main", 1, 0, 100, ShardReading.NO_LIST);
        read("X-1-b-2", "mobile", 1, 0, 10, ShardReading.NO_LIST);
        read("X-1-b-2", "main", 2, 5, 90, ShardReading.NO_LIST);     // lowered: on record
        read("X-1-b-2", "main", 1, 6, 10, ShardReading.NO_LIST);     // stale: ignored, no correction
        read("X-1-b-2", "mobile", 2, 7, 15, 410);                    // list 400 -> 410: on record
        read("X-1-b-2", "mobile", 3, 8, 16, 410);                    // the same list: no change
        read("X-1-b-2", "main", 3, 2, 95, 380);                      // a list observed earlier: no change

        assertThat(harness.getSideOutput(vn.election.jobs.functions.Corrections.TAG)).extracting(StreamRecord::getValue)
                .extracting(c -> c.stationId() + " " + c.source() + " " + c.field() + " " + c.before() + "->" + c.after()
                        + " seq " + c.seq())
                .containsExactly("X-1-b-2 main voted 100->90 seq 2", "X-1-b-2 mobile registered 400->410 seq 2");
    }

    @Test
    void addsUpSourcesWhateverTheirNames() throws Exception {
        read("X-1-b-2", "main", 1, 0, 10, ShardReading.NO_LIST);
        read("X-1-b-2", "mobile", 1, 0, 20, ShardReading.NO_LIST);
        read("X-1-b-2", "device-17", 1, 0, 30, ShardReading.NO_LIST);   // too long to pack
        read("X-1-b-2", "device-18", 1, 0, 40, ShardReading.NO_LIST);
        read("X-1-b-2", "hòm phụ", 1, 0, 50, ShardReading.NO_LIST);     // not ASCII
        read("X-1-b-2", "hòm phụ", 2, 1, 55, ShardReading.NO_LIST);
        read("X-1-b-2", "device-17", 1, 2, 99, ShardReading.NO_LIST);  // repeated seq of its own source
        read("X-1-b-2", "", 1, 0, 1, ShardReading.NO_LIST);
        harness.setProcessingTime(100);

        assertThat(lastUpdates().get("X-1-b-2").figures().voted()).isEqualTo(10 + 20 + 30 + 40 + 55 + 1);
    }

    @Test
    void setsOneTickTimerPerShardAlignedToTheInterval() throws Exception {
        harness.setProcessingTime(37);
        read("X-1-a-1", 1, 0, 10);
        read("X-1-b-2", 1, 0, 10);
        read("X-1-a-2", 1, 0, 10);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        read("X-2-c-1", 1, 0, 10);                  // the other shard
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
        harness.setProcessingTime(99);
        assertThat(lastUpdates()).isEmpty();
        harness.setProcessingTime(100);             // aligned: 100, not 137
        // Left: each shard's timer for the open points of its curves, every few seconds.
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void aCorrectionBelowTheListTakesTheCompletionBackUpTheTree() throws Exception {
        read("X-1-a-1", 1, 0, 100);
        read("X-1-a-2", 1, 0, 200);
        harness.setProcessingTime(100);
        read("X-1-a-1", 2, 5, 90);                  // corrected down
        harness.setProcessingTime(200);

        List<UnitDelta> up = harness.extractOutputValues();
        assertThat(up).hasSize(2);
        assertThat(up.get(1).voted()).isEqualTo(-10);
        assertThat(up.get(1).completeByDepth()).containsExactly(0, 0, -1, -1);
        assertThat(lastUpdates().get("X-1").figures().completeByDepth()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void keepsFiguresAndOpenAlertsAcrossASnapshotAndRestore() throws Exception {
        read("X-2-d-1", 1, 0, 650);
        read("X-2-d-1", 2, 30, 720);                 // over its list of 700: fires
        harness.setProcessingTime(100);
        List<Finding> fired = findings();
        assertThat(fired).singleElement().satisfies(a -> assertThat(a.phase()).isEqualTo(Finding.Phase.FOUND));
        OperatorSubtaskState snapshot = harness.snapshot(1, 100);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(100);
        read("X-2-d-1", "main", 3, 40, 730, 740);    // the list grows past the count: resolves the same episode
        read("X-2-d-1", 2, 41, 999);                 // stale after the restore as before it
        harness.setProcessingTime(200);

        assertThat(lastUpdates().get("X-2-d-1").figures().voted()).isEqualTo(730);
        assertThat(lastUpdates().get("X-2").figures().voted()).isEqualTo(730);
        assertThat(findings()).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Finding.Phase.RESOLVED);
            assertThat(a.sameEpisode(fired.get(0))).isTrue();
        });
    }

    @Test
    void balancesShardsOverKeyGroupsByTheirPollingAreas() {
        int[] weights = new int[700];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 50 + (i * 37) % 150;
        }
        int[] keys = ShardPlan.balancedKeys(weights, 128);
        long[] load = new long[128];
        for (int i = 0; i < keys.length; i++) {
            load[org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignToKeyGroup(keys[i], 128)] += weights[i];
        }
        long min = java.util.Arrays.stream(load).min().orElseThrow();
        long max = java.util.Arrays.stream(load).max().orElseThrow();
        assertThat(java.util.Arrays.stream(keys).distinct().count()).isEqualTo(keys.length);
        assertThat(max - min).as("spread of polling areas over key groups").isLessThanOrEqualTo(199);
    }

    private List<Finding> findings() {
        var out = harness.getSideOutput(ShardDetectors.FINDINGS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }
}
