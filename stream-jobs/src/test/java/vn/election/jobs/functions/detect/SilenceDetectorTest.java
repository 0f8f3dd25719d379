package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;

class SilenceDetectorTest {

    private static final String STATION = "X-1-a-1";

    private DetectorHarness h;
    private StationFeed feed;

    @BeforeEach
    void open() throws Exception {
        h = new DetectorHarness(new SilenceDetector(DetectorConfig.defaults()));
        feed = new StationFeed(STATION, 1000);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void firesWhenNothingWasObservedForTheThresholdWhilePollsAreOpen() throws Exception {
        h.push(feed.main("09:10", 400), feed.main("09:40", 450));
        h.watermark(StationFeed.millis("11:40") - 1);
        assertThat(h.alerts()).isEmpty();

        h.watermark("11:40");

        assertThat(h.alerts()).singleElement().satisfies(a -> {
            // The episode starts when the area fell silent, its last reading.
            assertThat(a.alertId()).isEqualTo(Alert.episodeId("silent-station", STATION, "2021-05-23T09:40:00+07:00"));
            assertThat(a.kind()).isEqualTo("SILENT_STATION");
            assertThat(a.severity()).isEqualTo("warning");
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.value()).isEqualByComparingTo("120");
            assertThat(a.threshold()).isEqualByComparingTo("120");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:40:00+07:00");
            assertThat(a.message()).contains("no reading for 120 minutes, since 09:40", "450 of 1,000");
        });
        assertThat(h.timers()).isZero();
    }

    @Test
    void resolvesWithTheSameIdAtTheNextReadingAndWatchesAgain() throws Exception {
        h.push(feed.main("09:40", 450)).watermark("11:40");
        h.push(feed.main("12:05", 600));

        assertThat(h.alerts()).hasSize(2);
        Alert resolved = h.alerts().get(1);
        assertThat(resolved.alertId()).isEqualTo(h.alerts().get(0).alertId());
        assertThat(resolved.state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(resolved.value()).isEqualByComparingTo("145");
        assertThat(resolved.endedAt()).isEqualTo("2021-05-23T12:05:00+07:00");
        assertThat(resolved.message()).contains("reported again at 12:05 after 145 minutes");
        // The episode is gone; what is left is the watch and its next timer (14:05).
        assertThat(h.stateEntries()).isEqualTo(1);
        assertThat(h.timers()).isEqualTo(1);
    }

    @Test
    void aReadingDeliveredLateNeitherMovesTheTimerBackNorAddsOne() throws Exception {
        h.push(feed.main("09:00", 300), feed.main("09:30", 350), feed.report("mobile", "09:10", 8));
        assertThat(h.timers()).isEqualTo(1);

        h.watermark("11:15");
        assertThat(h.alerts()).isEmpty();
        h.watermark("11:30");
        assertThat(h.alerts()).singleElement().satisfies(a -> assertThat(a.startedAt()).isEqualTo("2021-05-23T09:30:00+07:00"));
    }

    @Test
    void readingsHeldBackOnTheWayResolveItSayingSo() throws Exception {
        // The connection held everything observed from 10:00 back; event time learns it when they arrive.
        h.push(feed.main("09:40", 450)).watermark("11:40");
        h.push(feed.main("10:05", 480), feed.main("10:30", 500));

        assertThat(h.alerts()).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
        assertThat(h.alerts().get(1).message()).contains("was not silent", "10:05", "held back");
    }

    @Test
    void anAreaThatClosedAtNineteenIsNotSilentAndLeavesNothingBehind() throws Exception {
        h.push(feed.main("18:30", 980), feed.main("19:00", 990));
        h.watermark(Long.MAX_VALUE);

        assertThat(h.alerts()).isEmpty();
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();
    }

    @Test
    void anAreaThatHasCountedNearlyItsWholeListIsNotSilent() throws Exception {
        // Poll-book devices go quiet in the afternoon once (almost) everybody has voted.
        h.push(feed.report("device-1", "15:20", 969));
        h.watermark("17:30");

        assertThat(h.alerts()).isEmpty();
        assertThat(h.timers()).isZero();
    }

    @Test
    void countsSilenceOnlyFromWhenPollsOpen() throws Exception {
        h.push(feed.main("04:30", 0));
        h.watermark("08:59");
        assertThat(h.alerts()).isEmpty();

        h.watermark("09:00");
        assertThat(h.alerts()).singleElement().satisfies(a -> {
            assertThat(a.startedAt()).isEqualTo("2021-05-23T04:30:00+07:00");
            assertThat(a.value()).isEqualByComparingTo("270");
        });
    }

    @Test
    void aReplayThatOutrunsTheWatermarkFindsTheSilenceByTheGapWithTheSameId() throws Exception {
        // No watermark between the two readings: the gap alone shows two and a half hours of silence.
        h.push(feed.main("09:40", 450), feed.main("12:10", 600));

        assertThat(h.alerts()).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
        assertThat(h.alerts()).extracting(Alert::alertId).containsOnly(
                Alert.episodeId("silent-station", STATION, "2021-05-23T09:40:00+07:00"));
        assertThat(h.alerts().get(1).value()).isEqualByComparingTo("150");
        assertThat(h.stateEntries()).isEqualTo(1);
        assertThat(h.timers()).isEqualTo(1);
    }

    @Test
    void aGapUnderTheThresholdIsNoSilence() throws Exception {
        h.push(feed.main("09:40", 450), feed.main("11:35", 600));

        assertThat(h.alerts()).isEmpty();
    }
}
