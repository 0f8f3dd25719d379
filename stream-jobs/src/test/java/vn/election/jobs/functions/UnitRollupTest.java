package vn.election.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

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
import vn.election.testing.TestRegistries;

class UnitRollupTest {

    private static final RegistryRef REGISTRY = RegistryRef.inline(TestRegistries.TINY_2026_CSV);

    private KeyedOneInputStreamOperatorTestHarness<String, UnitDelta, UnitDelta> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new UnitRollup(REGISTRY, Duration.ofMillis(100))), UnitDelta::unitId,
                Types.STRING);
        harness.open();
        harness.setProcessingTime(0);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** A delta from a polling area (depth 3) to commune {@code commune}. */
    private void fromPollingArea(String commune, long voted, long registered, long complete, long reporting)
            throws Exception {
        harness.processElement(new StreamRecord<>(new UnitDelta(commune, voted, registered,
                new long[] {0, 0, 0, complete}, reporting, 1_000, 25_200)));
    }

    private List<UnitUpdate> updates() {
        return harness.getSideOutput(CoalescingFiguresFunction.UPDATES).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void startsFromTheWholeListOfTheRegistry() throws Exception {
        fromPollingArea("X-1-a", 50, 0, 0, 1);
        harness.setProcessingTime(100);

        assertThat(updates()).singleElement().satisfies(u -> {
            assertThat(u.figures().registered()).isEqualTo(300); // 100 + 200, though only one area reported
            assertThat(u.figures().voted()).isEqualTo(50);
            assertThat(u.figures().reporting()).isEqualTo(1);
        });
    }

    @Test
    void passesItsOwnCrossingOfOneHundredPercentUp() throws Exception {
        fromPollingArea("X-1-a", 100, 0, 1, 1);
        fromPollingArea("X-1-a", 200, 0, 1, 1);
        harness.setProcessingTime(100);

        assertThat(updates()).singleElement()
                .satisfies(u -> assertThat(u.figures().completeByDepth()).containsExactly(0, 0, 0, 2));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(d -> {
            assertThat(d.unitId()).isEqualTo("X-1");
            assertThat(d.voted()).isEqualTo(300);
            assertThat(d.completeByDepth()).containsExactly(0, 0, 1, 2);
            assertThat(d.reporting()).isEqualTo(2);
        });
    }

    @Test
    void forwardsNothingForDeltasThatCancelOut() throws Exception {
        fromPollingArea("X-2-c", 30, 0, 0, 1);
        harness.setProcessingTime(100);
        fromPollingArea("X-2-c", -5, 0, 0, 0);
        fromPollingArea("X-2-c", 5, 0, 0, 0);
        harness.setProcessingTime(200);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void theRootEmitsUpdatesButNoDelta() throws Exception {
        harness.processElement(new StreamRecord<>(new UnitDelta("X", 10, 0, new long[] {0, 0, 0, 0}, 1, 1_000, 0)));
        harness.setProcessingTime(100);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(updates()).singleElement().satisfies(u -> {
            assertThat(u.unitId()).isEqualTo("X");
            assertThat(u.figures().registered()).isEqualTo(3600);
        });
    }
}
