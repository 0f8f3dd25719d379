package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;

class JumpBeforeCheckpointDetectorTest {

    @Test
    void firesOnALeapToOneHundredPercentJustBeforeACheckpointAndResolvesWhenItPasses() throws Exception {
        Trail t = new Trail("A", 1000);
        try (DetectorHarness h = new DetectorHarness(new JumpBeforeCheckpointDetector(DetectorConfig.defaults()))) {
            h.push(t.read(210, 700)).push(t.read(233, 1000));   // 10:30 at 70%, 10:53 at 100%
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("JUMP_TO_100_BEFORE_CHECKPOINT");
                assertThat(a.startedAt()).isEqualTo("2021-05-23T10:53:00+07:00");
            });
            h.watermark(Trail.at(241));
            assertThat(h.alerts()).hasSize(2).last().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
            assertThat(h.harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void reachingOneHundredPercentGraduallyOrAwayFromACheckpointIsNormal() throws Exception {
        Trail slow = new Trail("A", 1000);
        Trail away = new Trail("B", 1000);
        try (DetectorHarness h = new DetectorHarness(new JumpBeforeCheckpointDetector(DetectorConfig.defaults()))) {
            h.push(slow.read(225, 950)).push(slow.read(235, 1000));     // 95% -> 100% at 10:55: a small step
            h.push(away.read(150, 600)).push(away.read(180, 1000));     // a leap at 10:00, an hour from 11:00
            assertThat(h.alerts()).isEmpty();
        }
    }
}
