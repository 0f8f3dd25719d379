package vn.election.jobs.functions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.Finding;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertRule;

class AlertLifecycleTest {

    private static final RegistryRef DEMO = RegistryRef.bundledDemo();
    private static final AlertRule SURGE = new AlertRule("surge", "SURGE", null, null, "warning", 0, null, null, true, null);

    private KeyedBroadcastOperatorTestHarness<String, Finding, AlertRuleChange, Alert> harness;

    private void open(AlertRule... rules) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new AlertLifecycle(DEMO, List.of(rules), 120), Finding::unitId, Types.STRING, RuleBook.CHANGES);
        harness.open();
        // In the job the rules input goes idle and never holds the readings' watermark back.
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** The first polling area of Quảng Ninh (VN-22) in the demo registry. */
    private static String area() {
        var registry = DEMO.load();
        String unit = "VN-22";
        while (!registry.isLeaf(unit)) {
            unit = registry.children(unit).get(0);
        }
        return unit;
    }

    private static long at(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    private static final int UTC_PLUS_7 = 25_200;

    /** A detector's finding: 120 measured against 120, an area at 450 of its 1,000 voters. */
    private static Finding finding(String kind, String unit, String startedAt) {
        return Finding.found("detector-" + kind, kind, unit, "polling_area", at(startedAt), UTC_PLUS_7,
                BigDecimal.valueOf(120), BigDecimal.valueOf(120), Finding.Figures.area(450, 1000));
    }

    /** The end of {@code f}'s episode at {@code endedAt}, nothing left over. */
    private static Finding ended(Finding f, String endedAt) {
        return f.resolved(at(endedAt), UTC_PLUS_7, BigDecimal.ZERO, f.threshold(), Finding.Figures.silenceEnded(false));
    }

    /** Keyed state entries left: an episode that ended must leave nothing behind. */
    private int stateEntries() {
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    private void send(Finding f, String eventTime) throws Exception {
        harness.processElement(f, at(eventTime));
    }

    @Test
    void aRuleWithoutPendingFiresAtOnceWithItsOwnIdAndSeverityThenResolves() throws Exception {
        open(SURGE.withSeverity("critical"));
        String unit = area();
        Finding f = finding("SURGE", unit, "2021-05-23T09:00:00+07:00");

        send(f, "2021-05-23T09:00:00+07:00");
        send(f, "2021-05-23T09:01:00+07:00");            // written twice upstream: no second alert
        send(ended(f, "2021-05-23T09:30:00+07:00"), "2021-05-23T09:30:00+07:00");

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
        assertThat(out).allSatisfy(a -> {
            assertThat(a.alertId()).isEqualTo(Alert.episodeId("surge", unit, "2021-05-23T09:00:00+07:00"));
            assertThat(a.ruleId()).isEqualTo("surge");
            assertThat(a.severity()).isEqualTo("critical");
        });
        assertThat(stateEntries()).isZero();
    }

    @Test
    void aPendingPeriodIsWaitedOutInEventTimeAndAnEarlyResolutionEndsThePendingEpisode() throws Exception {
        open(new AlertRule("surge-10", "SURGE", null, null, "warning", 10, null, null, true, null));
        String unit = area();
        Finding first = finding("SURGE", unit, "2021-05-23T09:00:00+07:00");
        Finding second = finding("SURGE", unit, "2021-05-23T11:00:00+07:00");

        send(first, "2021-05-23T09:00:00+07:00");
        harness.processWatermark(new Watermark(at("2021-05-23T09:09:00+07:00")));
        assertThat(harness.extractOutputValues()).extracting(Alert::state).containsExactly(Alert.State.PENDING);
        harness.processWatermark(new Watermark(at("2021-05-23T09:10:00+07:00")));
        assertThat(harness.extractOutputValues()).extracting(Alert::state)
                .containsExactly(Alert.State.PENDING, Alert.State.FIRING);

        send(second, "2021-05-23T11:00:00+07:00");
        send(ended(second, "2021-05-23T11:05:00+07:00"), "2021-05-23T11:05:00+07:00");
        List<Alert> out = harness.extractOutputValues();
        assertThat(out.subList(2, out.size())).extracting(Alert::state)
                .containsExactly(Alert.State.PENDING, Alert.State.RESOLVED);
        assertThat(out.get(0).alertId()).isEqualTo(out.get(1).alertId()).isNotEqualTo(out.get(2).alertId());
    }

    @Test
    void aSilenceRuleWaitsForItsOwnMinutesSinceTheLastReading() throws Exception {
        open(new AlertRule("silent-150", "SILENT_STATION", "VN-22", null, "warning", 0, BigDecimal.valueOf(150), null, true,
                null));
        String unit = area();
        Finding silent = finding("SILENT_STATION", unit, "2021-05-23T09:00:00+07:00");

        send(silent, "2021-05-23T11:00:00+07:00");       // the detector speaks after its 120 minutes
        harness.processWatermark(new Watermark(at("2021-05-23T11:29:00+07:00")));
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(new Watermark(at("2021-05-23T11:30:00+07:00")));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.value()).isEqualByComparingTo("150");
            assertThat(a.threshold()).isEqualByComparingTo("150");
            // Written when the rule speaks, from the values, not from the detector's 120 minutes.
            assertThat(a.message()).isEqualTo("Polling area " + unit + " has sent no reading for 150 minutes, since 09:00,"
                    + " with 450 of 1,000 voters counted (45.00%).");
            assertThat(a.messageVi()).isEqualTo("Khu vực bỏ phiếu " + unit + " không gửi số liệu nào trong 150 phút,"
                    + " từ lúc 09:00, với 450 trên 1.000 cử tri đã bỏ phiếu (45,00%).");
        });
    }

    @Test
    void aSilenceSinceThePreviousDaySaysWhichDayInBothLanguages() throws Exception {
        // An area of the islands that voted the day before: its silence, by the time the rule speaks, began yesterday.
        open(new AlertRule("silent", "SILENT_STATION", null, null, "warning", 0, BigDecimal.valueOf(120), null, true, null));
        String unit = area();
        send(finding("SILENT_STATION", unit, "2021-05-22T17:30:00+07:00"), "2021-05-23T07:05:00+07:00");

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.startedAt()).isEqualTo("2021-05-22T17:30:00+07:00");
            assertThat(a.message()).contains("since 17:30 on 22 May 2021");
            assertThat(a.messageVi()).contains("từ lúc 17:30 ngày 22/05/2021");
        });
    }

    @Test
    void theEndOfAnEpisodeIsWrittenFromWhatWasMeasuredThenInBothLanguages() throws Exception {
        open(new AlertRule("silent", "SILENT_STATION", null, null, "warning", 0, BigDecimal.valueOf(120), null, true, null));
        String unit = area();
        Finding silent = finding("SILENT_STATION", unit, "2021-05-23T09:40:00+07:00");
        send(silent, "2021-05-23T11:40:00+07:00");
        send(silent.resolved(at("2021-05-23T12:05:00+07:00"), UTC_PLUS_7, BigDecimal.valueOf(145), silent.threshold(),
                Finding.Figures.silenceEnded(false)), "2021-05-23T12:05:00+07:00");

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
        assertThat(out.get(1).alertId()).isEqualTo(Alert.episodeId("silent", unit, "2021-05-23T09:40:00+07:00"));
        assertThat(out.get(1).endedAt()).isEqualTo("2021-05-23T12:05:00+07:00");
        assertThat(out.get(1).message())
                .isEqualTo("Polling area " + unit + " reported again at 12:05 after 145 minutes without a reading.");
        assertThat(out.get(1).messageVi())
                .isEqualTo("Khu vực bỏ phiếu " + unit + " đã báo cáo lại lúc 12:05 sau 145 phút không có số liệu.");
    }

    @Test
    void aSilenceThatEndsBeforeTheRulesMinutesSaysNothing() throws Exception {
        open(new AlertRule("silent-150", "SILENT_STATION", null, null, "warning", 0, BigDecimal.valueOf(150), null, true, null));
        Finding silent = finding("SILENT_STATION", area(), "2021-05-23T09:00:00+07:00");

        send(silent, "2021-05-23T11:00:00+07:00");
        send(ended(silent, "2021-05-23T11:10:00+07:00"), "2021-05-23T11:10:00+07:00");
        harness.processWatermark(new Watermark(at("2021-05-23T12:00:00+07:00")));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(stateEntries()).isZero();
    }

    @Test
    void rulesApplyOnlyWithinTheirScope() throws Exception {
        open(new AlertRule("surge-hn", "SURGE", "VN-01", null, "warning", 0, null, null, true, null),
                new AlertRule("surge-provinces", "SURGE", null, "province", "warning", 0, null, null, true, null));

        send(finding("SURGE", area(), "2021-05-23T09:00:00+07:00"), "2021-05-23T09:00:00+07:00");   // in VN-22, a polling area

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aChangedRuleAppliesToTheNextFindingAndADisabledOneResolvesItsOpenEpisodes() throws Exception {
        open(SURGE);
        String unit = area();
        harness.processBroadcastElement(new AlertRuleChange("surge", SURGE.withSeverity("critical")), at("2021-05-23T08:00:00+07:00"));
        send(finding("SURGE", unit, "2021-05-23T09:00:00+07:00"), "2021-05-23T09:00:00+07:00");
        assertThat(harness.extractOutputValues()).singleElement().extracting(Alert::severity).isEqualTo("critical");

        harness.processBroadcastElement(new AlertRuleChange("surge", SURGE.withEnabled(false)), at("2021-05-23T09:05:00+07:00"));
        send(finding("SURGE", unit, "2021-05-23T10:00:00+07:00"), "2021-05-23T10:00:00+07:00");

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
        assertThat(out.get(1).message()).startsWith("Rule surge was disabled");
        assertThat(out.get(1).messageVi()).startsWith("Quy tắc surge đã bị tắt");
        assertThat(stateEntries()).isZero();
    }

    @Test
    void aRuleAddedAtRunTimeIsUsedAndADeletedDefaultIsNot() throws Exception {
        open(SURGE);
        harness.processBroadcastElement(new AlertRuleChange("surge", null), at("2021-05-23T08:00:00+07:00"));
        harness.processBroadcastElement(new AlertRuleChange("surge-info",
                new AlertRule("surge-info", "SURGE", null, null, "info", 0, null, null, true, null)), at("2021-05-23T08:00:00+07:00"));

        send(finding("SURGE", area(), "2021-05-23T09:00:00+07:00"), "2021-05-23T09:00:00+07:00");

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("surge-info");
            assertThat(a.severity()).isEqualTo("info");
        });
    }

    /** A SURGE rule that fires at once and, once cleared, recovers for 10 minutes before it resolves. */
    private static final AlertRule SURGE_RECOVERING = SURGE.withRecoveryMinutes(10);

    private void watermark(String iso) throws Exception {
        harness.processWatermark(new Watermark(at(iso)));
    }

    @Test
    void aClearedEpisodeRecoversFiresAgainUnderItsOwnIdWhenItReturnsAndResolvesAtItsLastClear() throws Exception {
        open(SURGE_RECOVERING);
        String unit = area();
        String id = Alert.episodeId("surge", unit, "2021-05-23T09:00:00+07:00");
        Finding first = finding("SURGE", unit, "2021-05-23T09:00:00+07:00");
        Finding again = finding("SURGE", unit, "2021-05-23T09:38:00+07:00");

        send(first, "2021-05-23T09:00:00+07:00");
        send(ended(first, "2021-05-23T09:30:00+07:00"), "2021-05-23T09:30:00+07:00");
        send(ended(first, "2021-05-23T09:30:00+07:00"), "2021-05-23T09:31:00+07:00");   // the end written twice
        watermark("2021-05-23T09:37:00+07:00");
        assertThat(harness.extractOutputValues()).extracting(Alert::state)
                .containsExactly(Alert.State.FIRING, Alert.State.RECOVERING);

        send(again, "2021-05-23T09:38:00+07:00");        // back within the 10 minutes: the same episode fires again
        send(again, "2021-05-23T09:39:00+07:00");        // and a repeat of it is a repeat, not a new episode
        watermark("2021-05-23T09:45:00+07:00");          // past the first recovery's end: nothing happens
        send(ended(again, "2021-05-23T10:42:00+07:00"), "2021-05-23T10:42:00+07:00");
        watermark("2021-05-23T10:51:59+07:00");
        assertThat(harness.extractOutputValues()).extracting(Alert::state).containsExactly(Alert.State.FIRING,
                Alert.State.RECOVERING, Alert.State.FIRING, Alert.State.RECOVERING);
        watermark("2021-05-23T10:52:00+07:00");

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RECOVERING,
                Alert.State.FIRING, Alert.State.RECOVERING, Alert.State.RESOLVED);
        assertThat(out).allSatisfy(a -> {
            assertThat(a.alertId()).isEqualTo(id);
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:00:00+07:00");
        });
        assertThat(out.subList(0, 4)).extracting(Alert::endedAt).containsOnlyNulls();
        assertThat(out.get(1).value()).isEqualByComparingTo("0");    // the value the finding ended with
        assertThat(out.get(1).message()).endsWith("Cleared at 09:30; resolves at 09:40 unless it returns.");
        assertThat(out.get(1).messageVi()).endsWith("Đã hết lúc 09:30; cảnh báo kết thúc lúc 09:40 nếu không tái diễn.");
        assertThat(out.get(2).message()).startsWith("Back before it resolved: ").contains("up to 09:38");
        assertThat(out.get(2).messageVi()).startsWith("Tái diễn trước khi cảnh báo kết thúc: ").contains("đến lúc 09:38");
        assertThat(out.get(4).endedAt()).isEqualTo("2021-05-23T10:42:00+07:00");
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aReturnAfterTheRecoveryPeriodIsANewEpisodeAndTheOldOneEndsWhenItCleared() throws Exception {
        open(SURGE_RECOVERING);
        String unit = area();
        Finding first = finding("SURGE", unit, "2021-05-23T09:00:00+07:00");
        Finding later = finding("SURGE", unit, "2021-05-23T09:41:00+07:00");

        send(first, "2021-05-23T09:00:00+07:00");
        send(ended(first, "2021-05-23T09:30:00+07:00"), "2021-05-23T09:30:00+07:00");
        send(later, "2021-05-23T09:41:00+07:00");        // the watermark is still behind: late, not a return
        watermark("2021-05-23T09:41:00+07:00");

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RECOVERING,
                Alert.State.FIRING, Alert.State.RESOLVED);
        assertThat(out.get(3).alertId()).isEqualTo(out.get(0).alertId()).isNotEqualTo(out.get(2).alertId());
        assertThat(out.get(3).endedAt()).isEqualTo("2021-05-23T09:30:00+07:00");
        assertThat(out.get(2).alertId()).isEqualTo(Alert.episodeId("surge", unit, "2021-05-23T09:41:00+07:00"));
    }

    @Test
    void aRecoveringEpisodeOutlivesARestartAndStillResolvesWhenItsPeriodEnds() throws Exception {
        open(SURGE_RECOVERING);
        Finding f = finding("SURGE", area(), "2021-05-23T09:00:00+07:00");
        send(f, "2021-05-23T09:00:00+07:00");
        send(ended(f, "2021-05-23T09:30:00+07:00"), "2021-05-23T09:30:00+07:00");
        String id = harness.extractOutputValues().get(0).alertId();
        OperatorSubtaskState snapshot = harness.snapshot(1, at("2021-05-23T09:31:00+07:00"));
        harness.close();

        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new AlertLifecycle(DEMO, List.of(SURGE_RECOVERING), 120), List.of(RuleBook.CHANGES)),
                Finding::unitId, Types.STRING, 1, 1, 0);
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        watermark("2021-05-23T09:40:00+07:00");

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.alertId()).isEqualTo(id);
            assertThat(a.endedAt()).isEqualTo("2021-05-23T09:30:00+07:00");
        });
        assertThat(stateEntries()).isZero();
    }

    @Test
    void withoutARecoveryPeriodAClearedEpisodeResolvesAtOnceAndNothingWaits() throws Exception {
        open(SURGE);
        Finding f = finding("SURGE", area(), "2021-05-23T09:00:00+07:00");

        send(f, "2021-05-23T09:00:00+07:00");
        send(ended(f, "2021-05-23T09:30:00+07:00"), "2021-05-23T09:30:00+07:00");
        send(finding("SURGE", f.unitId(), "2021-05-23T09:31:00+07:00"), "2021-05-23T09:31:00+07:00");

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED,
                Alert.State.FIRING);
        assertThat(out.get(1).endedAt()).isEqualTo("2021-05-23T09:30:00+07:00");
        assertThat(out.get(2).alertId()).isNotEqualTo(out.get(0).alertId());
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aPendingEpisodeThatClearsResolvesAtOnceWhateverTheRecoveryPeriod() throws Exception {
        open(new AlertRule("surge-10", "SURGE", null, null, "warning", 10, null, null, true, null, 30));
        Finding f = finding("SURGE", area(), "2021-05-23T09:00:00+07:00");

        send(f, "2021-05-23T09:00:00+07:00");
        send(ended(f, "2021-05-23T09:05:00+07:00"), "2021-05-23T09:05:00+07:00");

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.PENDING, Alert.State.RESOLVED);
        assertThat(out.get(1).endedAt()).isEqualTo("2021-05-23T09:05:00+07:00");
        assertThat(stateEntries()).isZero();
    }

    @Test
    void aRuleDeletedWhileItsEpisodeRecoversResolvesItAtOnceAsOfWhenItCleared() throws Exception {
        open(SURGE_RECOVERING);
        Finding f = finding("SURGE", area(), "2021-05-23T09:00:00+07:00");
        send(f, "2021-05-23T09:00:00+07:00");
        send(ended(f, "2021-05-23T09:30:00+07:00"), "2021-05-23T09:30:00+07:00");

        harness.processBroadcastElement(new AlertRuleChange("surge", null), at("2021-05-23T09:32:00+07:00"));

        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RECOVERING,
                Alert.State.RESOLVED);
        assertThat(out.get(2).alertId()).isEqualTo(out.get(0).alertId());
        assertThat(out.get(2).endedAt()).isEqualTo("2021-05-23T09:30:00+07:00");
        assertThat(out.get(2).message()).startsWith("Rule surge was deleted; ");
        assertThat(out.get(2).messageVi()).startsWith("Quy tắc surge đã bị xóa; ");
        assertThat(stateEntries()).isZero();
        watermark("2021-05-23T10:00:00+07:00");          // its timer finds nothing left to say
        assertThat(harness.extractOutputValues()).hasSize(3);
    }
}
