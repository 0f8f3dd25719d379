package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;

class SurgeDetectorTest {

    @Test
    void firesOnMoreVotersInMinutesThanAnAreaCanProcess() throws Exception {
        Trail t = new Trail("A", 1000);
        try (DetectorHarness h = new DetectorHarness(new SurgeDetector(DetectorConfig.defaults()))) {
            h.push(t.read(60, 300)).push(t.read(110, 360)).push(t.read(120, 660));
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("SURGE");
                assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            });
            h.push(t.read(150, 680));
            assertThat(h.alerts()).hasSize(2).last().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
        }
    }

    @Test
    void doesNotFireOnAStrongMorningPeakOrOnCheckIns() throws Exception {
        Trail big = new Trail("A", 2500);
        Trail devices = new Trail("B", 1200);
        try (DetectorHarness h = new DetectorHarness(new SurgeDetector(DetectorConfig.defaults()))) {
            // 2,500 voters, 62% in the first 1.3 h: about 20 voters a minute at opening.
            h.push(big.read(15, 290)).push(big.read(30, 560)).push(big.read(45, 790)).push(big.read(60, 980));
            for (int voter = 1; voter <= 300; voter++) {
                h.push(devices.read("device-1", voter * 0.2, voter));
            }
            assertThat(h.alerts()).isEmpty();
        }
    }
}
