package vn.election.testing;

import java.time.OffsetDateTime;
import vn.election.model.reading.Reading;

/** Builders for readings at fixed instants of election day 2021 (23 May, UTC+7). */
public final class Readings {

    /** 07:00 local on election day 2021, when polls open. */
    public static final OffsetDateTime POLLS_OPEN = OffsetDateTime.parse("2021-05-23T07:00:00+07:00");

    private Readings() {
    }

    /** Source "main", observed {@code minutesAfterOpen} minutes after 07:00. */
    public static Reading reading(String station, long seq, long voted, int minutesAfterOpen) {
        return Reading.of(station, Reading.DEFAULT_SOURCE, seq, POLLS_OPEN.plusMinutes(minutesAfterOpen), voted, null);
    }

    public static Reading reading(String station, String source, long seq, long voted, int minutesAfterOpen) {
        return Reading.of(station, source, seq, POLLS_OPEN.plusMinutes(minutesAfterOpen), voted, null);
    }

    public static Reading withList(String station, long seq, long voted, long registered, int minutesAfterOpen) {
        return Reading.of(station, Reading.DEFAULT_SOURCE, seq, POLLS_OPEN.plusMinutes(minutesAfterOpen), voted,
                registered);
    }
}
