package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.Finding;

class JumpBeforeCheckpointDetectorTest {

    private static final String STATION = "X-1-a-1";

    private DetectorHarness h;
    private StationFeed feed;

    @BeforeEach
    void open() throws Exception {
        h = new DetectorHarness(new JumpBeforeCheckpointDetector(DetectorConfig.defaults()));
        feed = new StationFeed(STATION, 500);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void firesOnALeapToExactlyTheListJustBeforeACheckpoint() throws Exception {
        h.push(feed.main("10:43", 370), feed.main("10:53", 500));

        assertThat(h.findings()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("jump-to-100-before-checkpoint");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T10:53:00+07:00");
            assertThat(a.kind()).isEqualTo("JUMP_TO_100_BEFORE_CHECKPOINT");
            assertThat(a.value()).isEqualByComparingTo("26");
            assertThat(a.threshold()).isEqualByComparingTo("6");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T10:53:00+07:00");
            assertThat(a.figures()).isEqualTo(Finding.Figures.jump(370, 500, 500, StationFeed.millis("11:00")));
        });
        assertThat(h.timers()).isEqualTo(1);
    }

    @Test
    void resolvesWithTheSameIdWhenTheCheckpointPassesAndLeavesNothingBehind() throws Exception {
        h.push(feed.main("10:43", 370), feed.main("10:53", 500));
        h.watermark(StationFeed.millis("11:00") - 1);
        assertThat(h.findings()).hasSize(1);

        h.watermark("11:00");

        assertThat(h.findings()).hasSize(2);
        Finding resolved = h.findings().get(1);
        assertThat(resolved.sameEpisode(h.findings().get(0))).isTrue();
        assertThat(resolved.phase()).isEqualTo(Finding.Phase.RESOLVED);
        assertThat(resolved.endedAt()).isEqualTo("2021-05-23T11:00:00+07:00");
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();
    }

    @Test
    void aJumpDeliveredAfterItsCheckpointStillFiresAndResolves() throws Exception {
        h.watermark("11:30");
        h.push(feed.main("10:43", 370), feed.main("10:53", 500));
        h.watermark("11:31");

        assertThat(h.findings()).extracting(Finding::phase).containsExactly(Finding.Phase.FOUND, Finding.Phase.RESOLVED);
        assertThat(h.timers()).isZero();
    }

    @Test
    void doesNotFireOutsideTheWindowBeforeACheckpoint() throws Exception {
        h.push(feed.main("10:20", 370), feed.main("10:40", 500));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireOnTheNormalLastStepsToOneHundredPercent() throws Exception {
        h.push(feed.main("16:20", 488), feed.main("17:00", 500));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void leavesALeapPastTheListToTheOverListRule() throws Exception {
        // What a mistyped count looks like (8% too high); OverListDetector reports the count over the list.
        h.push(feed.main("14:40", 455), feed.main("14:50", 503));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireWhenTheAreaComesBackFromHoursOfSilence() throws Exception {
        h.push(feed.main("13:50", 445), feed.main("16:50", 500));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireOnCheckIns() throws Exception {
        h.push(feed.report("device-1", "10:50", 499), feed.report("device-1", "10:55", 500));

        assertThat(h.findings()).isEmpty();
    }
}
