package vn.election.jobs.functions.detect;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import vn.election.jobs.records.StationReading;

/**
 * Builds the accepted readings of one polling area the way the tally passes them on: per source the
 * next seq and the count before, the area's sum before and after, the list, and the area's previous
 * observation time. Times are local on election day 2021 (23 May, UTC+7): {@code "09:15"} or {@code "09:15:30"}.
 */
final class StationFeed {

    static final OffsetDateTime POLLS_OPEN = OffsetDateTime.parse("2021-05-23T07:00:00+07:00");

    private final String station;
    private long registered;
    private final Map<String, long[]> sources = new HashMap<>();   // source -> {seq, count}
    private long voted;
    private long latest = Long.MIN_VALUE;

    StationFeed(String station, long registered) {
        this.station = station;
        this.registered = registered;
    }

    /** The local time {@code hhmm} on election day. */
    static OffsetDateTime at(String hhmm) {
        return POLLS_OPEN.with(LocalTime.parse(hhmm));
    }

    static long millis(String hhmm) {
        return at(hhmm).toInstant().toEpochMilli();
    }

    /** A reading of source "main". */
    StationReading main(String hhmm, long count) {
        return report("main", at(hhmm), count);
    }

    StationReading report(String source, String hhmm, long count) {
        return report(source, at(hhmm), count);
    }

    /** A reading that also brings a new list size (the tally takes it; tests here keep lists observed in order). */
    StationReading withList(String hhmm, long count, long newList) {
        registered = newList;
        return report("main", at(hhmm), count);
    }

    StationReading report(String source, OffsetDateTime observed, long count) {
        long[] previous = sources.get(source);
        long seq = previous == null ? 1 : previous[0] + 1;
        long before = voted;
        voted = voted - (previous == null ? 0 : previous[1]) + count;
        sources.put(source, new long[] {seq, count});
        long millis = observed.toInstant().toEpochMilli();
        StationReading r = new StationReading(station, source, seq, millis, observed.getOffset().getTotalSeconds(),
                previous == null ? -1 : previous[1], count, before, voted, registered, latest);
        latest = Math.max(latest, millis);
        return r;
    }
}
