package vn.election.jobs.functions.unitrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.targets.TurnoutTargets;

class BelowTargetAtCloseDetectorTest {

    private static final RegistryRef DEMO = RegistryRef.bundledDemo();

    private KeyedOneInputStreamOperatorTestHarness<String, UnitUpdate, Finding> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BelowTargetAtCloseDetector(DEMO, UnitRulesConfig.defaults())),
                UnitUpdate::unitId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void update(String unit, long voted, long registered, String asOf) throws Exception {
        long millis = OffsetDateTime.parse(asOf).toInstant().toEpochMilli();
        harness.processElement(new StreamRecord<>(new UnitUpdate(unit, new UnitFigures(voted, registered, new long[5], 1,
                millis, 25_200, 1))));
    }

    @Test
    void firesAtCloseBelowTargetAndResolvesWhenTheTargetIsReached() throws Exception {
        update("VN-22", 9_920, 10_000, "2021-05-23T18:59:00+07:00");
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(1_000);
        update("VN-22", 9_900, 10_000, "2021-05-23T19:00:00+07:00");
        update("VN-22", 9_930, 10_000, "2021-05-23T19:01:00+07:00");   // final reports still coming in
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(1_000 + 120_000);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.startedAt()).isEqualTo("2021-05-23T19:01:00+07:00");
            assertThat(a.kind()).isEqualTo("BELOW_TARGET_AT_CLOSE");
            assertThat(a.value()).isEqualByComparingTo("99.30");
            assertThat(a.threshold()).isEqualByComparingTo("99.5");
        });

        update("VN-22", 9_960, 10_000, "2021-05-23T19:05:00+07:00");
        assertThat(harness.extractOutputValues()).hasSize(2).last()
                .satisfies(a -> assertThat(a.phase()).isEqualTo(Finding.Phase.RESOLVED));
        assertThat(harness.numKeyedStateEntries()).isOne();   // the judging time: judged once per day
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void doesNotFireWhenTheFinalReportsLiftTheUnitAboveTargetWithinTheGrace() throws Exception {
        harness.setProcessingTime(1_000);
        update("VN-22", 9_800, 10_000, "2021-05-23T19:00:00+07:00");
        update("VN-22", 9_990, 10_000, "2021-05-23T19:00:00+07:00");
        harness.setProcessingTime(1_000 + 120_000);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void ignoresLevelsNotChecked() throws Exception {
        update("VN-22-001-00001-001", 500, 1_000, "2021-05-23T19:00:00+07:00");
        update("VN-22-001", 500, 1_000, "2021-05-23T19:00:00+07:00");
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void eachUnitIsJudgedAgainstItsOwnTarget() throws Exception {
        harness.close();
        // Quảng Ninh aims at 99%, the nation keeps the default 99.5%.
        TurnoutTargets targets = TurnoutTargets.parse("unit_id,target_pct\nVN-22,99\n", DEMO.load(),
                TurnoutTargets.DEFAULT_PCT, "test");
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new BelowTargetAtCloseDetector(DEMO, UnitRulesConfig.defaults().withTargets(targets))),
                UnitUpdate::unitId, Types.STRING);
        harness.open();
        harness.setProcessingTime(1_000);
        update("VN-22", 9_930, 10_000, "2021-05-23T19:00:00+07:00");   // 99.30%: above its own 99%
        update("VN-01", 9_930, 10_000, "2021-05-23T19:00:00+07:00");   // 99.30%: below the default 99.5%
        update("VN", 9_930, 10_000, "2021-05-23T19:00:00+07:00");
        harness.setProcessingTime(1_000 + 120_000);

        assertThat(harness.extractOutputValues()).extracting(Finding::unitId).containsExactlyInAnyOrder("VN-01", "VN");
        assertThat(harness.extractOutputValues()).allSatisfy(a -> assertThat(a.threshold()).isEqualByComparingTo("99.5"));
    }
}
