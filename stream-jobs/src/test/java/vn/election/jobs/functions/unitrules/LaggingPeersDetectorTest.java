package vn.election.jobs.functions.unitrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.registry.Registry;

class LaggingPeersDetectorTest {

    private static final RegistryRef DEMO = RegistryRef.bundledDemo();
    private static final Registry REGISTRY = DEMO.load();
    private static final long NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00").toInstant().toEpochMilli();
    private static final List<String> PROVINCES = REGISTRY.children("VN");

    private KeyedOneInputStreamOperatorTestHarness<String, HistoryPoint, Finding> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LaggingPeersDetector(DEMO, UnitRulesConfig.defaults())),
                new ParentKey(DEMO), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The province's history point for the 5-minute bucket ending at {@code bucketEnd}. */
    private void update(String province, double turnoutPct, long bucketEnd) throws Exception {
        long registered = REGISTRY.registeredTotal(province);
        harness.processElement(new StreamRecord<>(new HistoryPoint(province, bucketEnd, 25_200,
                Math.round(registered * turnoutPct / 100), registered, 1, -1, -1)));
    }

    /** The watermark reaches the end of the bucket ending at {@code bucketEnd} (ends are inclusive): its points are all in. */
    private void close(long bucketEnd) throws Exception {
        harness.processWatermark(bucketEnd);
    }

    @Test
    void firesForAProvinceFarBelowItsPeersAndResolvesWhenItCatchesUp() throws Exception {
        double[] normal = {55, 58, 61, 57, 60};
        for (int i = 0; i < 5; i++) {
            update(PROVINCES.get(i), normal[i], NINE);
        }
        update(PROVINCES.get(5), 31, NINE);
        assertThat(harness.extractOutputValues()).isEmpty();
        close(NINE);

        List<Finding> alerts = harness.extractOutputValues();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.unitId()).isEqualTo(PROVINCES.get(5));
            assertThat(a.kind()).isEqualTo("LAGGING_PEERS");
            assertThat(a.level()).isEqualTo("province");
            assertThat(a.phase()).isEqualTo(Finding.Phase.FOUND);
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:00:00+07:00");
            assertThat(a.ruleId()).isEqualTo("lagging-peers");
        });

        double[] later = {57, 59, 62, 58, 61};
        for (int i = 0; i < 5; i++) {
            update(PROVINCES.get(i), later[i], NINE + 600_000);
        }
        update(PROVINCES.get(5), 56, NINE + 600_000);
        close(NINE + 600_000);
        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Finding.Phase.RESOLVED);
            assertThat(a.sameEpisode(alerts.get(0))).isTrue();
        });
    }

    @Test
    void doesNotFireOnTheNormalSpreadOfRegionalPaces() throws Exception {
        double[] spread = {50, 61, 55, 58, 52, 60};
        for (int i = 0; i < 6; i++) {
            update(PROVINCES.get(i), spread[i], NINE);
        }
        close(NINE);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void comparesOnlyPointsOfTheSameBucket() throws Exception {
        for (int i = 0; i < 4; i++) {
            update(PROVINCES.get(i), 60, NINE + 30 * 60_000);   // 09:30
        }
        update(PROVINCES.get(4), 31, NINE);                      // 09:00: not the same time
        update(PROVINCES.get(5), 32, NINE);
        close(NINE + 30 * 60_000);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void judgesABucketOnceTheWatermarkHasReachedItsEnd() throws Exception {
        for (int i = 0; i < 2; i++) {
            update(PROVINCES.get(i), 60, NINE);
        }
        update(PROVINCES.get(5), 20, NINE);
        update(PROVINCES.get(3), 59, NINE);          // 4 of 6 in, enough peers: still waits for the watermark
        // A millisecond short of 09:00: a reading made at 09:00:00 may still come and count in these points.
        harness.processWatermark(NINE - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        close(NINE);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(a -> assertThat(a.unitId()).isEqualTo(PROVINCES.get(5)));
    }

    @Test
    void doesNotJudgeAroundClosingWhenFinalReportsLandUnevenly() throws Exception {
        long quarterToSeven = NINE + (9 * 60 + 45) * 60_000L;
        for (int i = 0; i < 5; i++) {
            update(PROVINCES.get(i), 99, quarterToSeven);
        }
        update(PROVINCES.get(5), 80, quarterToSeven);
        close(quarterToSeven);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void needsEnoughPeers() throws Exception {
        update(PROVINCES.get(0), 60, NINE);
        update(PROVINCES.get(1), 61, NINE);
        update(PROVINCES.get(2), 10, NINE);   // three of six: never a quorum
        close(NINE);
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
