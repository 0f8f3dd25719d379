package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.Finding;

class CounterDecreaseDetectorTest {

    private static final String STATION = "X-1-a-1";

    private DetectorHarness h;
    private StationFeed feed;

    @BeforeEach
    void open() throws Exception {
        h = new DetectorHarness(new CounterDecreaseDetector(DetectorConfig.defaults()));
        feed = new StationFeed(STATION, 1000);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void firesWhenACountFallsBelowWhatItWasBeforeThePreviousReading() throws Exception {
        h.push(feed.main("08:00", 300), feed.main("08:30", 400), feed.main("09:00", 250));

        assertThat(h.findings()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("counter-decrease");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:00:00+07:00");
            assertThat(a.kind()).isEqualTo("COUNTER_DECREASE");
            assertThat(a.phase()).isEqualTo(Finding.Phase.FOUND);
            assertThat(a.value()).isEqualByComparingTo("250");
            assertThat(a.threshold()).isEqualByComparingTo("300");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:00:00+07:00");
            assertThat(a.figures()).isEqualTo(Finding.Figures.source("main", 250, 400, 300));
        });
    }

    @Test
    void letsADownwardCorrectionPass() throws Exception {
        // The simulator's mistype: 8% too high plus 5, corrected by the next report, which is still above
        // the count before the typo; the typo must not become the reference for the report after either.
        h.push(feed.main("10:00", 380), feed.main("10:20", 437), feed.main("10:40", 410), feed.main("11:00", 425),
                feed.main("11:20", 431));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void takesADropRightAfterTheFirstReadingForACorrection() throws Exception {
        h.push(feed.main("08:00", 300), feed.main("08:30", 200));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void toleratesTheLargerOfTwoVotersAndOnePercent() throws Exception {
        h.push(feed.main("08:00", 1000), feed.main("08:30", 1000), feed.main("09:00", 990));
        assertThat(h.findings()).isEmpty();

        StationFeed other = new StationFeed("X-1-a-2", 1000);
        h.push(other.main("08:00", 1000), other.main("08:30", 1000), other.main("09:00", 989));
        assertThat(h.findings()).singleElement().satisfies(a -> {
            assertThat(a.unitId()).isEqualTo("X-1-a-2");
            assertThat(a.value()).isEqualByComparingTo("989");
        });
    }

    @Test
    void resolvesWithTheSameIdWhenTheCountIsBackAtTheLevelBeforeTheDrop() throws Exception {
        h.push(feed.main("08:00", 300), feed.main("08:30", 400), feed.main("09:00", 250), feed.main("09:30", 380));
        assertThat(h.findings()).hasSize(1);

        h.push(feed.main("10:00", 400));

        assertThat(h.findings()).hasSize(2);
        Finding resolved = h.findings().get(1);
        assertThat(resolved.sameEpisode(h.findings().get(0))).isTrue();
        assertThat(resolved.phase()).isEqualTo(Finding.Phase.RESOLVED);
        assertThat(resolved.endedAt()).isEqualTo("2021-05-23T10:00:00+07:00");
        assertThat(resolved.value()).isEqualByComparingTo("400");
        // What is left: one trail per source (the open episode is gone).
        assertThat(h.stateEntries()).isEqualTo(1);
    }

    @Test
    void judgesEachSourceOnItsOwn() throws Exception {
        // Interleaved sources: the main box is never compared with the mobile box, nor with their sum.
        h.push(feed.main("08:00", 300), feed.report("mobile", "08:10", 5), feed.main("08:30", 400),
                feed.report("mobile", "08:40", 8), feed.main("09:00", 420), feed.report("mobile", "09:10", 9));
        assertThat(h.findings()).isEmpty();

        h.push(feed.report("mobile", "09:40", 2));
        assertThat(h.findings()).singleElement().satisfies(a -> assertThat(a.figures().source()).isEqualTo("mobile"));
    }

    @Test
    void ignoresAReadingItHasAlreadyJudged() throws Exception {
        var first = feed.main("08:00", 300);
        var second = feed.main("08:30", 400);
        var drop = feed.main("09:00", 250);
        h.push(first, second, drop, drop);

        assertThat(h.findings()).hasSize(1);
    }
}
