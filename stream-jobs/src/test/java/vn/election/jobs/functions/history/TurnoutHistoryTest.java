package vn.election.jobs.functions.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.io.KeyedTopicSerializer;
import vn.election.model.topic.Topics;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;

class TurnoutHistoryTest {

    private static final String UNIT = "VN-22";
    private static final int UTC7 = 7 * 3600;
    private static final long MINUTE = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, UnitUpdate, HistoryPoint> harness;

    private void open(HistoryConfig config) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TurnoutHistory(config)),
                UnitUpdate::unitId, Types.STRING);
        harness.open();
    }

    private void open() throws Exception {
        open(HistoryConfig.defaults());
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** Epoch millis of a local time (UTC+7) on election day 2021. */
    private static long at(String localTime) {
        return at("2021-05-23", localTime);
    }

    private static long at(String date, String localTime) {
        return OffsetDateTime.parse(date + "T" + localTime + ":00+07:00").toInstant().toEpochMilli();
    }

    private static String local(long millis) {
        return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofTotalSeconds(UTC7)).toLocalDateTime().toString();
    }

    private void update(String unit, long voted, long asOf) throws Exception {
        UnitFigures f = new UnitFigures(voted, 1_000_000, new long[4], 7, asOf, UTC7, 1);
        harness.processElement(new StreamRecord<>(new UnitUpdate(unit, f)));
    }

    private void update(long voted, String localTime) throws Exception {
        update(UNIT, voted, at(localTime));
    }

    private List<HistoryPoint> points() {
        return harness.extractOutputValues();
    }

    private List<String> ends() {
        return points().stream().map(p -> local(p.bucketEndMillis())).toList();
    }

    private List<Long> voted() {
        return points().stream().map(HistoryPoint::voted).toList();
    }

    @Test
    void emitsAPointAtEachBucketEndWithTheLastFiguresObservedInsideIt() throws Exception {
        open();
        update(10, "07:01");
        update(20, "07:03");
        assertThat(points()).isEmpty();

        update(30, "07:06");
        assertThat(points()).singleElement().satisfies(p -> {
            assertThat(p.unitId()).isEqualTo(UNIT);
            assertThat(p.bucketEndMillis()).isEqualTo(at("07:05"));
            assertThat(p.offsetSeconds()).isEqualTo(UTC7);
            assertThat(p.voted()).isEqualTo(20);
            assertThat(p.registered()).isEqualTo(1_000_000);
            assertThat(p.reporting()).isEqualTo(7);
            assertThat(p.votedPer15Min()).isEqualTo(HistoryPoint.UNKNOWN);
            assertThat(p.votedPerHour()).isEqualTo(HistoryPoint.UNKNOWN);
        });

        update(40, "07:11");
        assertThat(ends()).containsExactly("2021-05-23T07:05", "2021-05-23T07:10");
        assertThat(voted()).containsExactly(20L, 30L);
    }

    @Test
    void bucketsEndInclusivelySoFiguresAsOfTheEndAreInThatPointAndAMillisecondLaterInTheNext() throws Exception {
        open();
        update(UNIT, 5, at("07:00") + 1);     // 07:00:00.001: the first bucket after 07:00, ending 07:05
        update(10, "07:04");
        update(20, "07:05");                   // 07:05:00.000: still the bucket ending 07:05
        assertThat(points()).isEmpty();
        update(UNIT, 30, at("07:05") + 1);    // 07:05:00.001 opens the bucket ending 07:10 and closes 07:05
        assertThat(ends()).containsExactly("2021-05-23T07:05");
        assertThat(voted()).containsExactly(20L);
    }

    @Test
    void fillsQuietBucketsWithTheLastFigures() throws Exception {
        open();
        update(10, "07:01");
        update(50, "07:21");
        assertThat(ends()).containsExactly("2021-05-23T07:05", "2021-05-23T07:10", "2021-05-23T07:15",
                "2021-05-23T07:20");
        assertThat(voted()).containsExactly(10L, 10L, 10L, 10L);
    }

    @Test
    void lateFiguresChangeTheOpenBucketButNeverReEmitAClosedOne() throws Exception {
        open();
        update(10, "07:01");
        update(30, "07:06");
        assertThat(voted()).containsExactly(10L);

        update(35, "07:04");   // as of a closed bucket: arrives late
        update(36, "07:02");
        assertThat(points()).hasSize(1);

        update(40, "07:11");
        assertThat(ends()).containsExactly("2021-05-23T07:05", "2021-05-23T07:10");
        assertThat(voted()).containsExactly(10L, 36L);
    }

    @Test
    void computesTheRatesOnceThereAreThreeAndTwelveBucketsOfHistory() throws Exception {
        open();
        for (int i = 0; i <= 14; i++) {
            update(100L * i * i, local5(i));
        }
        List<HistoryPoint> p = points();
        assertThat(p).hasSize(14);
        for (int i = 0; i < 3; i++) {
            assertThat(p.get(i).votedPer15Min()).as("15 min at bucket %d", i).isEqualTo(HistoryPoint.UNKNOWN);
        }
        for (int i = 3; i < 14; i++) {
            assertThat(p.get(i).votedPer15Min()).as("15 min at bucket %d", i).isEqualTo(100L * (i * i - (i - 3) * (i - 3)));
        }
        for (int i = 0; i < 12; i++) {
            assertThat(p.get(i).votedPerHour()).as("hour at bucket %d", i).isEqualTo(HistoryPoint.UNKNOWN);
        }
        assertThat(p.get(12).votedPerHour()).isEqualTo(100L * 144);
        assertThat(p.get(13).votedPerHour()).isEqualTo(100L * (169 - 1));
    }

    /** A time inside the i-th 5-minute bucket from 08:00. */
    private static String local5(int i) {
        int minutes = 8 * 60 + 5 * i + 2;
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }

    @Test
    void ratesCountTheFilledBucketsAsUnchanged() throws Exception {
        open();
        update(100, "08:01");
        update(400, "08:21");   // fills 08:05 .. 08:20 with 100
        update(500, "08:26");
        assertThat(ends()).last().isEqualTo("2021-05-23T08:25");
        HistoryPoint last = points().get(points().size() - 1);
        assertThat(last.voted()).isEqualTo(400);
        assertThat(last.votedPer15Min()).isEqualTo(300);   // 400 at 08:25 against 100 at 08:10
        assertThat(last.votedPerHour()).isEqualTo(HistoryPoint.UNKNOWN);
    }

    @Test
    void aCorrectionThatLowersTheCountIsNotNegativeVoting() throws Exception {
        open();
        for (int i = 0; i < 4; i++) {
            update(1000 - i, local5(i));
        }
        update(0, local5(4));
        assertThat(points().get(3).votedPer15Min()).isZero();
    }

    @Test
    void aGapOfDaysFillsAtMostTheCapThenJumps() throws Exception {
        open();
        update(UNIT, 100, at("2021-05-21", "07:01"));   // an area that votes two days early
        update(UNIT, 200, at("2021-05-23", "07:01"));

        assertThat(points()).hasSize(13);   // the closed bucket and 12 filled ones
        assertThat(ends()).first().isEqualTo("2021-05-21T07:05");
        assertThat(ends()).last().isEqualTo("2021-05-21T08:05");
        assertThat(voted()).containsOnly(100L);

        update(UNIT, 260, at("2021-05-23", "07:06"));
        HistoryPoint first = points().get(13);
        assertThat(local(first.bucketEndMillis())).isEqualTo("2021-05-23T07:05");
        assertThat(first.voted()).isEqualTo(200);
        assertThat(first.votedPer15Min()).isEqualTo(100);
        assertThat(first.votedPerHour()).isEqualTo(100);
    }

    @Test
    void zeroGapFillEmitsOnlyTheClosedBucket() throws Exception {
        open(new HistoryConfig(Duration.ofMinutes(5), 0));
        update(10, "07:01");
        update(20, "09:01");
        assertThat(ends()).containsExactly("2021-05-23T07:05");
    }

    @Test
    void stateStaysOneFixedValuePerUnitOverALongDay() throws Exception {
        open();
        List<String> units = List.of("VN-01", "VN-02", "VN-03");
        long start = at("05:00");
        for (String u : units) {
            update(u, 0, start);
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(units.size());

        long minutes = 16 * 60;   // 05:00 to 21:00, one update a minute per unit
        for (long m = 1; m <= minutes; m++) {
            for (String u : units) {
                update(u, m * 10, start + m * MINUTE);
            }
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(units.size());
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        for (String u : units) {
            List<HistoryPoint> ofUnit = points().stream().filter(p -> p.unitId().equals(u)).toList();
            // 05:00 is the first bucket's end (it holds the 05:00 update); 21:00's bucket stays open.
            assertThat(ofUnit).hasSize((int) (minutes / 5)).hasSizeLessThanOrEqualTo(12 * 24);
            assertThat(ofUnit).extracting(HistoryPoint::bucketEndMillis).isSorted().doesNotHaveDuplicates();
            assertThat(local(ofUnit.get(0).bucketEndMillis())).isEqualTo("2021-05-23T05:00");
            HistoryPoint last = ofUnit.get(ofUnit.size() - 1);
            assertThat(local(last.bucketEndMillis())).isEqualTo("2021-05-23T20:55");
            assertThat(last.voted()).isEqualTo((minutes - 5) * 10);
            assertThat(last.votedPer15Min()).isEqualTo(150);
            assertThat(last.votedPerHour()).isEqualTo(600);
        }
    }

    @Test
    void ignoresFiguresWithoutAnObservation() throws Exception {
        open();
        harness.processElement(new StreamRecord<>(new UnitUpdate(UNIT, UnitFigures.empty(1000, 4))));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(points()).isEmpty();
    }

    @Test
    void fifteenMinuteBucketsGiveRatesAfterOneAndFourBuckets() throws Exception {
        open(new HistoryConfig(Duration.ofMinutes(15), 4));
        update(0, "08:01");
        update(100, "08:16");
        update(300, "08:31");
        update(600, "08:46");
        update(1000, "09:01");
        update(1500, "09:16");
        assertThat(ends()).containsExactly("2021-05-23T08:15", "2021-05-23T08:30", "2021-05-23T08:45",
                "2021-05-23T09:00", "2021-05-23T09:15");
        assertThat(points()).extracting(HistoryPoint::votedPer15Min).containsExactly(-1L, 100L, 200L, 300L, 400L);
        assertThat(points()).extracting(HistoryPoint::votedPerHour).containsExactly(-1L, -1L, -1L, -1L, 1000L);
    }

    @Test
    void refusesABucketWidthThatDoesNotDivideFifteenMinutes() {
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofMinutes(10), 12)).hasMessageContaining("bucket-width");
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofSeconds(30), 12)).hasMessageContaining("bucket-width");
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofHours(1), 12)).hasMessageContaining("bucket-width");
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofMinutes(5), -1)).hasMessageContaining("max-gap-fill");
        assertThat(HistoryConfig.defaults().bucketsPerHour()).isEqualTo(12);
        assertThat(HistoryConfig.defaults().bucketsPer15Min()).isEqualTo(3);
    }

    @Test
    void pointAndStateAreFlinkPojosNotKryo() {
        assertThat(TypeInformation.of(HistoryPoint.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(HistoryState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void serializesKeyedByUnitWithTheBucketEndInTheUnitsOffset() {
        HistoryPoint p = new HistoryPoint(UNIT, at("09:05"), UTC7, 500, 1000, 3, HistoryPoint.UNKNOWN, 120);
        ProducerRecord<byte[], byte[]> r = KeyedTopicSerializer.to(Topics.HISTORY, "", HistoryPoint::unitId, HistoryPoint::toRecord)
                .serialize(p, null, null);
        assertThat(r.topic()).isEqualTo("turnout.history");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(UNIT);
        assertThat(r.timestamp()).isNull();
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"unit_id\":\"VN-22\","
                + "\"bucket_end\":\"2021-05-23T09:05:00+07:00\",\"voted\":500,\"registered\":1000,\"turnout_pct\":50.00,"
                + "\"reporting\":3,\"voted_per_15_min\":null,\"voted_per_hour\":120,\"open\":false}");
    }
}
