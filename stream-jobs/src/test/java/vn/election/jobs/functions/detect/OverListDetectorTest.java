package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;

class OverListDetectorTest {

    @Test
    void firesWhenAnAreaCountsMoreThanItsListAndResolvesWhenTheListGrows() throws Exception {
        Trail t = new Trail("A", 100);
        try (DetectorHarness h = new DetectorHarness(new OverListDetector(DetectorConfig.defaults()))) {
            h.push(t.read(60, 90)).push(t.read(120, 100));
            assertThat(h.alerts()).isEmpty();
            h.push(t.read(180, 104));
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("OVER_100_PERCENT");
                assertThat(a.state()).isEqualTo(Alert.State.FIRING);
                assertThat(a.severity()).isEqualTo("critical");
                assertThat(a.value()).isEqualByComparingTo("104");
                assertThat(a.threshold()).isEqualByComparingTo("100");
                assertThat(a.startedAt()).isEqualTo("2021-05-23T10:00:00+07:00");
                assertThat(a.alertId()).isEqualTo(Alert.episodeId("over-100-percent", "A", a.startedAt()));
            });
            h.push(t.list(110).read(200, 105));
            assertThat(h.alerts()).hasSize(2).last().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
                assertThat(a.alertId()).isEqualTo(h.alerts().get(0).alertId());
            });
        }
    }
}
