package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;

class CounterDecreaseDetectorTest {

    @Test
    void firesWhenACounterFallsBelowWhatItReportedBefore() throws Exception {
        Trail t = new Trail("A", 1000);
        try (DetectorHarness h = new DetectorHarness(new CounterDecreaseDetector(DetectorConfig.defaults()))) {
            h.push(t.read(60, 400)).push(t.read(90, 500)).push(t.read(120, 300));
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("COUNTER_DECREASE");
                assertThat(a.state()).isEqualTo(Alert.State.FIRING);
                assertThat(a.unitId()).isEqualTo("A");
            });
            h.push(t.read(150, 520));
            assertThat(h.alerts()).hasSize(2).last().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
        }
    }

    @Test
    void letsAMistypedCountCorrectedByTheNextReadingPass() throws Exception {
        Trail t = new Trail("A", 1000);
        try (DetectorHarness h = new DetectorHarness(new CounterDecreaseDetector(DetectorConfig.defaults()))) {
            h.push(t.read(60, 400)).push(t.read(90, 545)).push(t.read(120, 510)).push(t.read(150, 600));
            assertThat(h.alerts()).isEmpty();
        }
    }
}
