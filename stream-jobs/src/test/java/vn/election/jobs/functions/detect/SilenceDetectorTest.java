package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.Finding;

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
        assertThat(h.findings()).isEmpty();

        h.watermark("11:40");

        assertThat(h.findings()).singleElement().satisfies(a -> {
            // The episode starts when the area fell silent, its last reading.
            assertThat(a.ruleId()).isEqualTo("silent-station");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:40:00+07:00");
            assertThat(a.kind()).isEqualTo("SILENT_STATION");
            assertThat(a.phase()).isEqualTo(Finding.Phase.FOUND);
            assertThat(a.value()).isEqualByComparingTo("120");
            assertThat(a.threshold()).isEqualByComparingTo("120");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:40:00+07:00");
            assertThat(a.figures()).isEqualTo(Finding.Figures.area(450, 1000));
        });
        assertThat(h.timers()).isZero();
    }

    @Test
    void resolvesWithTheSameIdAtTheNextReadingAndWatchesAgain() throws Exception {
        h.push(feed.main("09:40", 450)).watermark("11:40");
        h.push(feed.main("12:05", 600));

        assertThat(h.findings()).hasSize(2);
        Finding resolved = h.findings().get(1);
        assertThat(resolved.sameEpisode(h.findings().get(0))).isTrue();
        assertThat(resolved.phase()).isEqualTo(Finding.Phase.RESOLVED);
        assertThat(resolved.value()).isEqualByComparingTo("145");
        assertThat(resolved.endedAt()).isEqualTo("2021-05-23T12:05:00+07:00");
        assertThat(resolved.figures().heldBack()).isFalse();
        // The episode is gone; what is left is the watch and its next timer (14:05).
        assertThat(h.stateEntries()).isEqualTo(1);
        assertThat(h.timers()).isEqualTo(1);
    }

    @Test
    void aReadingDeliveredLateNeitherMovesTheTimerBackNorAddsOne() throws Exception {
        h.push(feed.main("09:00", 300), feed.main("09:30", 350), feed.report("mobile", "09:10", 8));
        assertThat(h.timers()).isEqualTo(1);

        h.watermark("11:15");
        assertThat(h.findings()).isEmpty();
        h.watermark("11:30");
        assertThat(h.findings()).singleElement().satisfies(a -> assertThat(a.startedAt()).isEqualTo("2021-05-23T09:30:00+07:00"));
    }

    @Test
    void readingsHeldBackOnTheWayResolveItSayingSo() throws Exception {
        // The connection held everything observed from 10:00 back; event time learns it when they arrive.
        h.push(feed.main("09:40", 450)).watermark("11:40");
        h.push(feed.main("10:05", 480), feed.main("10:30", 500));

        assertThat(h.findings()).extracting(Finding::phase).containsExactly(Finding.Phase.FOUND, Finding.Phase.RESOLVED);
        assertThat(h.findings().get(1).figures().heldBack()).isTrue();
        assertThat(h.findings().get(1).endedAt()).isEqualTo("2021-05-23T10:05:00+07:00");
    }

    @Test
    void anAreaThatClosedAtNineteenIsNotSilentAndLeavesNothingBehind() throws Exception {
        h.push(feed.main("18:30", 980), feed.main("19:00", 990));
        h.watermark(Long.MAX_VALUE);

        assertThat(h.findings()).isEmpty();
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();
    }

    @Test
    void anAreaThatHasCountedNearlyItsWholeListIsNotSilent() throws Exception {
        // Poll-book devices go quiet in the afternoon once (almost) everybody has voted.
        h.push(feed.report("device-1", "15:20", 969));
        h.watermark("17:30");

        assertThat(h.findings()).isEmpty();
        assertThat(h.timers()).isZero();
    }

    @Test
    void countsSilenceOnlyFromWhenPollsOpen() throws Exception {
        h.push(feed.main("04:30", 0));
        h.watermark("08:59");
        assertThat(h.findings()).isEmpty();

        h.watermark("09:00");
        assertThat(h.findings()).singleElement().satisfies(a -> {
            assertThat(a.startedAt()).isEqualTo("2021-05-23T04:30:00+07:00");
            assertThat(a.value()).isEqualByComparingTo("270");
        });
    }

    @Test
    void aReplayThatOutrunsTheWatermarkFindsTheSilenceByTheGapWithTheSameId() throws Exception {
        // No watermark between the two readings: the gap alone shows two and a half hours of silence.
        h.push(feed.main("09:40", 450), feed.main("12:10", 600));

        assertThat(h.findings()).extracting(Finding::phase).containsExactly(Finding.Phase.FOUND, Finding.Phase.RESOLVED);
        assertThat(h.findings()).extracting(Finding::startedAt).containsOnly("2021-05-23T09:40:00+07:00");
        assertThat(h.findings().get(1).value()).isEqualByComparingTo("150");
        assertThat(h.stateEntries()).isEqualTo(1);
        assertThat(h.timers()).isEqualTo(1);
    }

    @Test
    void aGapUnderTheThresholdIsNoSilence() throws Exception {
        h.push(feed.main("09:40", 450), feed.main("11:35", 600));

        assertThat(h.findings()).isEmpty();
    }
}
