package vn.election.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The test oracle of the curves: what every unit's point must be at the end of each bucket of event time,
 * computed the plain way and independently of the job. Readings are taken in the order the job reads them (per
 * polling area, the topic's order); each accepted reading's change of its area (latest seq per source wins, sources
 * summed, the latest-observed list) is counted in the bucket it was observed in, and an area counts as reporting
 * from the bucket of its earliest accepted reading. A point at bucket {@code k} is the registry's lists plus every
 * change counted in buckets up to {@code k}. A bucket ends inclusively: the one ending at 09:00 holds readings
 * observed after 08:55:00.000 up to and including 09:00:00.000 ({@link #bucketOf}).
 */
public final class ReferenceCurves {

    /** A unit's figures at the end of one bucket. */
    public record Figures(long voted, long registered, long reporting) {
    }

    private final Registry registry;
    private final long bucketMillis;
    private final Map<String, Map<String, Reading>> latestBySource = new HashMap<>();
    private final Map<String, Reading> latestList = new HashMap<>();
    private final Map<String, Long> firstObserved = new HashMap<>();
    /** Per unit, per bucket: the change of voted, registered and reporting counted in it. */
    private final Map<String, TreeMap<Long, long[]>> changes = new HashMap<>();

    public ReferenceCurves(Registry registry, Duration bucket) {
        this.registry = registry;
        this.bucketMillis = bucket.toMillis();
    }

    public ReferenceCurves addAll(Iterable<Reading> readings) {
        readings.forEach(this::add);
        return this;
    }

    public ReferenceCurves add(Reading r) {
        if (!registry.isLeaf(r.stationId())) {
            return this;
        }
        String area = r.stationId();
        Map<String, Reading> sources = latestBySource.computeIfAbsent(area, k -> new HashMap<>());
        Reading previous = sources.get(r.source());
        if (previous != null && r.seq() <= previous.seq()) {
            return this;
        }
        long votedBefore = voted(area);
        long registeredBefore = registered(area);
        sources.put(r.source(), r);
        if (r.registered() != null) {
            Reading list = latestList.get(area);
            if (list == null || !r.observedAt().isBefore(list.observedAt())) {
                latestList.put(area, r);
            }
        }
        long observed = r.observedAt().toEpochMilli();
        long bucket = bucketOf(observed);
        count(area, bucket, voted(area) - votedBefore, registered(area) - registeredBefore, 0);
        Long first = firstObserved.get(area);
        if (first == null || observed < first) {
            firstObserved.put(area, observed);
            if (first != null) {
                count(area, bucketOf(first), 0, 0, -1);
            }
            count(area, bucket, 0, 0, 1);
        }
        return this;
    }

    /** The bucket ending at or after {@code observed}, written out here rather than taken from the job. */
    private long bucketOf(long observed) {
        return Math.floorDiv(observed - 1, bucketMillis);
    }

    private long voted(String area) {
        return latestBySource.getOrDefault(area, Map.of()).values().stream().mapToLong(Reading::voted).sum();
    }

    private long registered(String area) {
        Reading list = latestList.get(area);
        return list == null ? registry.unit(area).registered() : list.registered();
    }

    private void count(String area, long bucket, long voted, long registered, long reporting) {
        for (Unit u : registry.path(area)) {
            long[] c = changes.computeIfAbsent(u.id(), k -> new TreeMap<>()).computeIfAbsent(bucket, k -> new long[3]);
            c[0] += voted;
            c[1] += registered;
            c[2] += reporting;
        }
    }

    /** The unit's figures at the end of the bucket ending at {@code bucketEndMillis}. */
    public Figures at(String unitId, long bucketEndMillis) {
        long voted = 0;
        long registered = registry.registeredTotal(unitId);
        long reporting = 0;
        long last = Math.floorDiv(bucketEndMillis, bucketMillis) - 1;
        for (long[] c : changes.getOrDefault(unitId, new TreeMap<>()).headMap(last, true).values()) {
            voted += c[0];
            registered += c[1];
            reporting += c[2];
        }
        return new Figures(voted, registered, reporting);
    }
}
