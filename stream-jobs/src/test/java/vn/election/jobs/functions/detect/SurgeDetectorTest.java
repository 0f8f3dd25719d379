package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.Finding;

class SurgeDetectorTest {

    private static final String STATION = "X-1-a-1";

    private DetectorHarness h;

    @BeforeEach
    void open() throws Exception {
        h = new DetectorHarness(new SurgeDetector(DetectorConfig.defaults()));
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** The simulator's normal curve (TurnoutCurve): 62% of voters in a wave of 1.3 h, the rest steadily over 10 h. */
    private static double share(double hours) {
        if (hours <= 0) {
            return 0;
        }
        if (hours >= 10) {
            return 1;
        }
        double normaliser = 0.62 * (1 - Math.exp(-10 / 1.3)) + 0.38;
        return Math.min(1, (0.62 * (1 - Math.exp(-hours / 1.3)) + 0.038 * hours) / normaliser);
    }

    @Test
    void firesWhenASourceCountsFasterThanTheAreaCanProcess() throws Exception {
        // List 1,000: capacity is the larger of 5 a minute and 1.5% of the list, 15 a minute.
        StationFeed feed = new StationFeed(STATION, 1000);
        h.push(feed.main("08:00", 200), feed.main("08:20", 300), feed.main("08:30", 600));

        assertThat(h.findings()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("surge");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T08:30:00+07:00");
            assertThat(a.kind()).isEqualTo("SURGE");
            assertThat(a.value()).isEqualByComparingTo("30");
            assertThat(a.threshold()).isEqualByComparingTo("15");
            assertThat(a.startedAt()).isEqualTo("2021-05-23T08:30:00+07:00");
            assertThat(a.figures()).isEqualTo(Finding.Figures.rate("main", 300, 10, 1000));
        });
    }

    @Test
    void measuresFromTheLatestReadingAWindowOld() throws Exception {
        // 08:20 is the latest reading at least 10 minutes before 08:30: the jump is not diluted by 08:00 or 08:12.
        StationFeed feed = new StationFeed(STATION, 1000);
        h.push(feed.main("08:00", 200), feed.main("08:12", 260), feed.main("08:20", 300), feed.main("08:30", 470));

        assertThat(h.findings()).singleElement().satisfies(a -> assertThat(a.value()).isEqualByComparingTo("17"));
    }

    @Test
    void resolvesWithTheSameIdAtTheNextReadingWithinCapacity() throws Exception {
        StationFeed feed = new StationFeed(STATION, 1000);
        h.push(feed.main("08:00", 200), feed.main("08:20", 300), feed.main("08:30", 600), feed.main("08:45", 640));

        assertThat(h.findings()).hasSize(2);
        Finding resolved = h.findings().get(1);
        assertThat(resolved.sameEpisode(h.findings().get(0))).isTrue();
        assertThat(resolved.phase()).isEqualTo(Finding.Phase.RESOLVED);
        assertThat(resolved.endedAt()).isEqualTo("2021-05-23T08:45:00+07:00");
        assertThat(resolved.value()).isEqualByComparingTo("2.7");
        // Left: the source's trail; the episode is gone.
        assertThat(h.stateEntries()).isEqualTo(1);
    }

    @Test
    void doesNotFireOnTheMorningPeakOfALargeFastArea() throws Exception {
        // The simulator's busiest normal area: a list of 2,500 at pace 1.2, reporting every 11 minutes, with
        // a report at 08:58 and the 09:00 checkpoint two minutes later.
        StationFeed feed = new StationFeed(STATION, 2500);
        for (int minute : new int[] {0, 11, 22, 33, 44, 55, 66, 77, 88, 99, 110, 118, 120, 131, 142}) {
            h.push(feed.report("main", StationFeed.POLLS_OPEN.plusMinutes(minute),
                    (long) Math.floor(2500 * share(minute / 60.0 * 1.2))));
        }

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireOnCheckInsFromSeveralDevices() throws Exception {
        // Two poll-book devices at the morning peak of a list of 1,000: one voter each every 12 s, in turns.
        StationFeed feed = new StationFeed(STATION, 1000);
        OffsetDateTime t = StationFeed.POLLS_OPEN;
        for (int voter = 1; voter <= 600; voter++) {
            h.push(feed.report(voter % 2 == 0 ? "device-1" : "device-2", t, voter / 2 + voter % 2));
            t = t.plusSeconds(6);
        }
        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireOnABacklogRecordedAtOnce() throws Exception {
        // A device back from an outage records the 250 voters it missed at the same instant; counted as
        // arrivals, 260 voters in the 12 minutes to 11:12 would be 21.7 a minute against a capacity of 15.
        StationFeed feed = new StationFeed(STATION, 1000);
        h.push(feed.report("device-1", "09:00", 400), feed.report("device-1", "11:00:00", 401));
        for (int i = 2; i <= 250; i++) {
            h.push(feed.report("device-1", "11:00:00", 400 + i));
        }
        h.push(feed.report("device-1", "11:00:10", 651), feed.report("device-1", "11:12", 660));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireOnAJumpToOneHundredPercentBeforeACheckpoint() throws Exception {
        // Left to JumpBeforeCheckpointDetector, and the readings after it do not echo it as a surge.
        StationFeed feed = new StationFeed(STATION, 500);
        h.push(feed.main("10:20", 350), feed.main("10:43", 370), feed.main("10:53", 500), feed.main("11:00", 500),
                feed.main("11:30", 500));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireOnTheCountReportedAtClose() throws Exception {
        StationFeed feed = new StationFeed(STATION, 1000);
        h.push(feed.main("18:30", 560), feed.main("18:45", 600), feed.main("19:00", 900));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void doesNotFireOnLateOrBurstyDelivery() throws Exception {
        // Observed every 20 minutes, delivered together and a mobile box's first report arriving late:
        // rates go by observation time, and a source's first count has no known span.
        StationFeed feed = new StationFeed(STATION, 1000);
        h.push(feed.main("08:00", 300), feed.main("08:20", 380), feed.main("08:40", 450),
                feed.report("mobile", "07:50", 40), feed.main("09:00", 500));

        assertThat(h.findings()).isEmpty();
    }

    @Test
    void needsAJumpOfAtLeastFiftyVoters() throws Exception {
        // List 300: capacity 5 a minute; 45 voters in 5 minutes is 9 a minute, but too few to call a surge.
        StationFeed feed = new StationFeed(STATION, 300);
        h.push(feed.main("08:00", 100), feed.main("08:05", 145));

        assertThat(h.findings()).isEmpty();
    }
}
