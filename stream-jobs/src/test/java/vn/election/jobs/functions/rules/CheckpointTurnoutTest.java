package vn.election.jobs.functions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.alert.AlertRule;
import vn.election.testing.TestRegistries;

class CheckpointTurnoutTest {

    private static final RegistryRef TINY = RegistryRef.inline(TestRegistries.TINY_2026_CSV);
    private static final AlertRule AT_11 = new AlertRule("below-45-at-11", "TURNOUT_BELOW", null, "province", "info", 0,
            new BigDecimal("45"), "11:00", true, null);

    private KeyedBroadcastOperatorTestHarness<String, HistoryPoint, AlertRuleChange, Finding> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new CheckpointTurnout(TINY, List.of(AT_11)),
                HistoryPoint::unitId, Types.STRING, RuleBook.CHANGES);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** Province X-1 has 4 polling areas and 1,000 voters. */
    private void point(String at, long voted, long reporting) throws Exception {
        long millis = OffsetDateTime.parse(at).toInstant().toEpochMilli();
        harness.processElement(new HistoryPoint("X-1", millis, 25_200, voted, 1000, reporting, -1, -1), millis);
    }

    @Test
    void judgesTheFirstPointAtOrAfterTheTimeAndResolvesWhenTheUnitCatchesUp() throws Exception {
        point("2021-05-23T10:55:00+07:00", 300, 4);
        point("2021-05-23T11:00:00+07:00", 400, 4);     // 40% at 11:00: below 45%
        point("2021-05-23T11:05:00+07:00", 420, 4);     // still below: the same finding, not a new one
        point("2021-05-23T11:30:00+07:00", 460, 4);     // caught up

        List<Finding> out = harness.extractOutputValues();
        assertThat(out).extracting(Finding::phase).containsExactly(Finding.Phase.FOUND, Finding.Phase.RESOLVED);
        assertThat(out.get(0).value()).isEqualByComparingTo("40.00");
        assertThat(out.get(0).ruleId()).isEqualTo("below-45-at-11");
        assertThat(out.get(0).kind()).isEqualTo("TURNOUT_BELOW");
        assertThat(out.get(1).sameEpisode(out.get(0))).isTrue();
    }

    @Test
    void aUnitAboveTheRuleIsJudgedOnceAndSaysNothing() throws Exception {
        point("2021-05-23T11:00:00+07:00", 500, 4);
        point("2021-05-23T12:00:00+07:00", 440, 4);     // a later dip is not the 11:00 checkpoint

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aDayWhenFewAreasReportIsNotJudged() throws Exception {
        // Two days before, one remote area voted early: 1 of 4 reporting, far below 45%, and no finding.
        point("2021-05-21T16:20:00+07:00", 30, 1);
        point("2021-05-23T11:00:00+07:00", 500, 4);

        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
