package vn.election.jobs.functions.detect;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import vn.election.jobs.records.StationReading;

/** Builds a polling area's accepted readings with consistent before/after figures, at minutes after 07:00 (UTC+7). */
final class Trail {

    static final OffsetDateTime OPEN = OffsetDateTime.parse("2021-05-23T07:00:00+07:00");

    private final String station;
    private long registered;
    private final Map<String, long[]> sources = new HashMap<>();   // source -> {seq, count}
    private long previousObserved = Long.MIN_VALUE;

    Trail(String station, long registered) {
        this.station = station;
        this.registered = registered;
    }

    static long at(double minute) {
        return OPEN.plusSeconds(Math.round(minute * 60)).toInstant().toEpochMilli();
    }

    StationReading read(double minute, long count) {
        return read("main", minute, count);
    }

    StationReading read(String source, double minute, long count) {
        long[] s = sources.computeIfAbsent(source, k -> new long[] {0, -1});
        long before = sources.values().stream().mapToLong(v -> Math.max(0, v[1])).sum();
        long sourceBefore = s[1];
        s[0]++;
        s[1] = count;
        long after = sources.values().stream().mapToLong(v -> Math.max(0, v[1])).sum();
        long observed = at(minute);
        StationReading r = new StationReading(station, source, s[0], observed, 25_200, sourceBefore, count, before, after,
                registered, previousObserved);
        previousObserved = Math.max(previousObserved, observed);
        return r;
    }

    Trail list(long newList) {
        registered = newList;
        return this;
    }
}
