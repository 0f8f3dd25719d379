package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;

class SilenceDetectorTest {

    @Test
    void firesWhenTheWatermarkPassesTheThresholdAndResolvesOnTheNextReading() throws Exception {
        Trail t = new Trail("A", 1000);
        try (DetectorHarness h = new DetectorHarness(new SilenceDetector(DetectorConfig.defaults()))) {
            h.push(t.read(60, 300)).watermark(Trail.at(179));
            assertThat(h.alerts()).isEmpty();
            h.watermark(Trail.at(181));
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("SILENT_STATION");
                assertThat(a.startedAt()).isEqualTo("2021-05-23T08:00:00+07:00");
                assertThat(a.alertId()).isEqualTo(Alert.episodeId("silent-station", "A", a.startedAt()));
            });
            h.push(t.read(250, 500));
            assertThat(h.alerts()).hasSize(2).last().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
                assertThat(a.alertId()).isEqualTo(h.alerts().get(0).alertId());
            });
        }
    }

    @Test
    void findsTheSameEpisodeFromTheGapWhenAReplayOutrunsTheWatermark() throws Exception {
        Trail t = new Trail("A", 1000);
        try (DetectorHarness h = new DetectorHarness(new SilenceDetector(DetectorConfig.defaults()))) {
            h.push(t.read(60, 300)).push(t.read(250, 500));   // no watermark in between
            assertThat(h.alerts()).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
            assertThat(h.alerts().get(0).alertId())
                    .isEqualTo(Alert.episodeId("silent-station", "A", "2021-05-23T08:00:00+07:00"));
        }
    }

    @Test
    void anAreaThatClosedIsNotSilentAndLeavesNoTimerOrState() throws Exception {
        Trail t = new Trail("A", 1000);
        try (DetectorHarness h = new DetectorHarness(new SilenceDetector(DetectorConfig.defaults()))) {
            h.push(t.read(600, 900)).push(t.read(720, 990)).watermark(Trail.at(24 * 60));
            assertThat(h.alerts()).isEmpty();
            assertThat(h.harness.numEventTimeTimers()).isZero();
            assertThat(h.harness.numKeyedStateEntries()).isZero();
        }
    }
}
