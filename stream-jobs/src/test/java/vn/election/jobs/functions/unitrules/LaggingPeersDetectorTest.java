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
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;

class LaggingPeersDetectorTest {

    private static final RegistryRef DEMO = RegistryRef.bundledDemo();
    private static final Registry REGISTRY = DEMO.load();
    private static final long NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00").toInstant().toEpochMilli();
    private static final List<String> PROVINCES = REGISTRY.children("VN");

    private KeyedOneInputStreamOperatorTestHarness<String, UnitUpdate, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LaggingPeersDetector(DEMO, UnitRulesConfig.defaults())),
                u -> REGISTRY.unit(u.unitId()).parentId(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void update(String province, double turnoutPct, long asOf) throws Exception {
        long registered = REGISTRY.registeredTotal(province);
        UnitFigures f = new UnitFigures(Math.round(registered * turnoutPct / 100), registered, new long[5], 1, asOf,
                25_200, 1);
        harness.processElement(new StreamRecord<>(new UnitUpdate(province, f)));
    }

    @Test
    void firesForAProvinceFarBelowItsPeersAndResolvesWhenItCatchesUp() throws Exception {
        double[] normal = {55, 58, 61, 57, 60};
        for (int i = 0; i < 5; i++) {
            update(PROVINCES.get(i), normal[i], NINE);
        }
        update(PROVINCES.get(5), 31, NINE);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.unitId()).isEqualTo(PROVINCES.get(5));
            assertThat(a.kind()).isEqualTo("LAGGING_PEERS");
            assertThat(a.level()).isEqualTo("province");
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:00:00+07:00");
            assertThat(a.alertId()).isEqualTo(Alert.episodeId("lagging-peers", PROVINCES.get(5), a.startedAt()));
        });

        update(PROVINCES.get(5), 56, NINE + 600_000);
        update(PROVINCES.get(0), 58, NINE + 600_000);
        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.alertId()).isEqualTo(alerts.get(0).alertId());
        });
    }

    @Test
    void doesNotFireOnTheNormalSpreadOfRegionalPaces() throws Exception {
        double[] spread = {50, 61, 55, 58, 52, 60};
        for (int i = 0; i < 6; i++) {
            update(PROVINCES.get(i), spread[i], NINE);
        }
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void comparesOnlyFiguresAsOfTheSameTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            update(PROVINCES.get(i), 60, NINE + 3 * 3_600_000);   // noon
        }
        update(PROVINCES.get(5), 31, NINE);                        // its figures are three hours older
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void doesNotJudgeAroundClosingWhenFinalReportsLandUnevenly() throws Exception {
        long quarterToSeven = NINE + (9 * 60 + 45) * 60_000L;
        for (int i = 0; i < 5; i++) {
            update(PROVINCES.get(i), 99, quarterToSeven);
        }
        update(PROVINCES.get(5), 80, quarterToSeven);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void needsEnoughPeers() throws Exception {
        update(PROVINCES.get(0), 60, NINE);
        update(PROVINCES.get(1), 61, NINE);
        update(PROVINCES.get(2), 10, NINE);
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
