package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class DataClockTest {

    private static long at(String localTime) {
        return OffsetDateTime.parse("2021-05-23T" + localTime + ":00+07:00").toInstant().toEpochMilli();
    }

    private static long nextDay(String localTime) {
        return OffsetDateTime.parse("2021-05-24T" + localTime + ":00+07:00").toInstant().toEpochMilli();
    }

    @Test
    void isTheLatestAreaTimeWithAQuorumOfAreasCloseBehindIt() {
        DataClock clock = new DataClock(DataClock.DEFAULT_WINDOW_MILLIS);
        assertThat(clock.millis()).isNull();
        clock.offer("a", at("09:00"));
        clock.offer("b", at("09:20"));
        clock.offer("c", at("09:40"));
        clock.offer("d", at("09:55"));
        assertThat(clock.millis()).isEqualTo(at("09:55"));

        // Two devices a day ahead: not a quorum on their own, so the clock stays with the rest.
        clock.offer("e", nextDay("09:56"));
        clock.offer("f", nextDay("09:56"));
        assertThat(clock.millis()).isEqualTo(at("09:55"));
        assertThat(clock.quorum()).isEqualTo(3);

        // An area's newer time replaces its older one; the day-ahead ones corrected, the clock moves on.
        clock.offer("e", at("10:05"));
        clock.offer("f", at("10:06"));
        assertThat(clock.millis()).isEqualTo(at("10:06"));
    }

    @Test
    void whileTooFewAreasReportedForAQuorumItIsTheLatest() {
        DataClock clock = new DataClock(DataClock.DEFAULT_WINDOW_MILLIS);
        clock.offer("a", at("06:30"));
        clock.offer("b", at("07:05"));
        assertThat(clock.millis()).isEqualTo(at("07:05"));
    }

    @Test
    void theQuorumGrowsWithTheAreasReporting() {
        DataClock clock = new DataClock(60_000);
        for (int i = 0; i < 5000; i++) {
            clock.offer("area-" + i, at("09:00") + i);   // 5,000 areas within 5 seconds
        }
        for (int i = 0; i < 7; i++) {
            clock.offer("wrong-" + i, nextDay("09:00"));   // seven with the same wrong date
        }
        assertThat(clock.quorum()).isEqualTo(8);
        assertThat(clock.millis()).isEqualTo(at("09:00") + 4999);
    }
}
