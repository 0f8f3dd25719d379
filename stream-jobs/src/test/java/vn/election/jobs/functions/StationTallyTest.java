package vn.election.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.testing.Readings.reading;
import static vn.election.testing.Readings.withList;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.reading.Reading;
import vn.election.testing.TestRegistries;

class StationTallyTest {

    private static final RegistryRef REGISTRY = RegistryRef.inline(TestRegistries.TINY_2026_CSV);
    private static final long INTERVAL = 200;

    private KeyedOneInputStreamOperatorTestHarness<String, Reading, UnitDelta> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StationTally(REGISTRY, Duration.ofMillis(INTERVAL))),
                Reading::stationId, Types.STRING);
        harness.open();
        harness.setProcessingTime(1_000);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void push(Reading r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.observedAt().toEpochMilli()));
    }

    private List<UnitUpdate> updates() {
        return harness.getSideOutput(CoalescingFiguresFunction.UPDATES).stream().map(StreamRecord::getValue).toList();
    }

    private void flush() throws Exception {
        harness.setProcessingTime(harness.getProcessingTime() + INTERVAL);
    }

    @Test
    void coalescesABurstIntoOneDeltaAndOneUpdate() throws Exception {
        push(reading("X-1-a-1", 1, 10, 60));
        push(reading("X-1-a-1", 2, 25, 70));
        push(reading("X-1-a-1", 3, 40, 80));
        assertThat(harness.extractOutputValues()).isEmpty();

        flush();

        assertThat(harness.extractOutputValues()).singleElement().satisfies(d -> {
            assertThat(d.unitId()).isEqualTo("X-1-a");
            assertThat(d.voted()).isEqualTo(40);
            assertThat(d.registered()).isZero();
            assertThat(d.reporting()).isEqualTo(1);
        });
        assertThat(updates()).singleElement().satisfies(u -> {
            assertThat(u.unitId()).isEqualTo("X-1-a-1");
            assertThat(u.figures().voted()).isEqualTo(40);
            assertThat(u.figures().registered()).isEqualTo(100);
        });
    }

    @Test
    void dropsReadingWithStaleOrRepeatedSeq() throws Exception {
        push(reading("X-1-a-1", 5, 50, 60));
        flush();
        push(reading("X-1-a-1", 5, 50, 60));
        push(reading("X-1-a-1", 4, 90, 61));
        push(reading("X-1-a-1", 1, 3, 10));
        flush();

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(updates()).hasSize(1);
        assertThat(updates().get(0).figures().voted()).isEqualTo(50);
    }

    @Test
    void addsUpSourcesOfOnePollingArea() throws Exception {
        push(reading("X-1-a-2", "main", 3, 120, 120));
        push(reading("X-1-a-2", "mobile", 1, 7, 125));
        push(reading("X-1-a-2", "main", 4, 130, 130));
        flush();

        assertThat(updates()).singleElement().satisfies(u -> assertThat(u.figures().voted()).isEqualTo(137));
    }

    @Test
    void acceptsADownwardCorrectionWithAHigherSeq() throws Exception {
        push(reading("X-1-a-1", 1, 80, 60));
        flush();
        push(reading("X-1-a-1", 2, 70, 65));
        flush();

        List<UnitDelta> deltas = harness.extractOutputValues();
        assertThat(deltas).extracting(UnitDelta::voted).containsExactly(80L, -10L);
    }

    @Test
    void takesTheListSizeObservedLast() throws Exception {
        push(withList("X-1-a-1", 1, 10, 105, 100));
        push(withList("X-1-a-1", 2, 20, 103, 90)); // newer seq, but its list was counted earlier
        flush();

        assertThat(updates()).singleElement().satisfies(u -> {
            assertThat(u.figures().registered()).isEqualTo(105);
            assertThat(u.figures().voted()).isEqualTo(20);
        });
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(d -> assertThat(d.registered()).isEqualTo(5));
    }

    @Test
    void signalsCrossingOneHundredPercentToTheParent() throws Exception {
        push(reading("X-1-a-1", 1, 100, 600));
        flush();
        push(withList("X-1-a-1", 2, 100, 101, 610));
        flush();

        assertThat(harness.extractOutputValues()).extracting(d -> d.completeByDepth()[3]).containsExactly(1L, -1L);
    }

    @Test
    void clearsItsTimerAfterFlushAndEmitsNothingWhenNothingChanged() throws Exception {
        push(reading("X-2-d-2", 1, 10, 60));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        flush();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        push(reading("X-2-d-2", 2, 10, 60));
        flush();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(updates()).hasSize(1);
        // State per polling area is one value (the figures, the last flush, no flush due) and one entry
        // per source: no leftovers.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void versionsRiseWithEveryUpdate() throws Exception {
        push(reading("X-1-b-1", 1, 10, 60));
        flush();
        push(reading("X-1-b-1", 2, 20, 61));
        flush();
        assertThat(updates()).extracting(u -> u.figures().version()).isSorted().doesNotHaveDuplicates();
    }
}
