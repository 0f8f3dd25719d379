package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.Finding;

class OverListDetectorTest {

    private static final String STATION = "X-1-a-1";

    private DetectorHarness h;
    private StationFeed feed;

    @BeforeEach
    void open() throws Exception {
        h = new DetectorHarness(new OverListDetector(DetectorConfig.defaults()));
        feed = new StationFeed(STATION, 500);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void firesOnceWhenTheCountPassesTheList() throws Exception {
        h.push(feed.main("08:30", 400), feed.main("09:15", 503), feed.main("09:45", 505));

        assertThat(h.findings()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("over-100-percent");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:15:00+07:00");
            assertThat(a.ruleId()).isEqualTo("over-100-percent");
            assertThat(a.kind()).isEqualTo("OVER_100_PERCENT");
            assertThat(a.unitId()).isEqualTo(STATION);
            assertThat(a.level()).isEqualTo("polling_area");
            assertThat(a.phase()).isEqualTo(Finding.Phase.FOUND);
            assertThat(a.value()).isEqualByComparingTo("503");
            assertThat(a.threshold()).isEqualByComparingTo("500");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T09:15:00+07:00");
            assertThat(a.endedAt()).isNull();
            assertThat(a.figures()).isEqualTo(Finding.Figures.area(503, 500));
        });
    }

    @Test
    void doesNotFireAtExactlyTheList() throws Exception {
        h.push(feed.main("08:30", 400), feed.main("17:00", 500));

        assertThat(h.findings()).isEmpty();
        assertThat(h.stateEntries()).isZero();
    }

    @Test
    void resolvesWithTheSameIdWhenALaterListChangeCoversTheCount() throws Exception {
        h.push(feed.main("09:15", 503), feed.withList("10:00", 504, 510));

        assertThat(h.findings()).hasSize(2);
        Finding firing = h.findings().get(0);
        Finding resolved = h.findings().get(1);
        assertThat(resolved.sameEpisode(firing)).isTrue();
        assertThat(resolved.phase()).isEqualTo(Finding.Phase.RESOLVED);
        assertThat(resolved.startedAt()).isEqualTo("2021-05-23T09:15:00+07:00");
        assertThat(resolved.endedAt()).isEqualTo("2021-05-23T10:00:00+07:00");
        assertThat(resolved.value()).isEqualByComparingTo(BigDecimal.valueOf(504));
        assertThat(resolved.figures()).isEqualTo(Finding.Figures.area(504, 510));
        assertThat(h.stateEntries()).isZero();
    }

    @Test
    void aReadingObservedBeforeTheOverOneDoesNotResolveIt() throws Exception {
        h.push(feed.main("10:00", 503));
        // A list change observed at 09:30, delivered late: it says nothing about the count at 10:00 and after.
        h.push(feed.withList("09:30", 503, 520));
        assertThat(h.findings()).hasSize(1);

        h.push(feed.main("10:15", 505));
        assertThat(h.findings()).extracting(Finding::phase).containsExactly(Finding.Phase.FOUND, Finding.Phase.RESOLVED);
    }

    @Test
    void aNewEpisodeAfterResolveGetsANewId() throws Exception {
        h.push(feed.main("09:15", 503), feed.withList("10:00", 504, 510), feed.main("11:00", 512));

        assertThat(h.findings()).hasSize(3);
        assertThat(h.findings().get(2).sameEpisode(h.findings().get(0))).isFalse();
        assertThat(h.findings().get(2).phase()).isEqualTo(Finding.Phase.FOUND);
    }
}
