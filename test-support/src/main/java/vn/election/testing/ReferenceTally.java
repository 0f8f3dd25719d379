package vn.election.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The test oracle: what every unit's figures must be after a set of readings, computed the plain way
 * (latest seq per station and source, sources summed, latest-observed list size, sums up the tree)
 * and independently of the job's delta roll-up.
 */
public final class ReferenceTally {

    /** Expected figures of one unit. */
    public record Expected(long voted, long registered, Map<String, Long> completeByLevel, long reporting) {
    }

    private final Registry registry;
    private final Map<String, Map<String, Reading>> latestBySource = new HashMap<>();
    private final Map<String, Reading> latestList = new HashMap<>();

    public ReferenceTally(Registry registry) {
        this.registry = registry;
    }

    public ReferenceTally addAll(List<Reading> readings) {
        readings.forEach(this::add);
        return this;
    }

    public ReferenceTally add(Reading r) {
        if (!registry.isLeaf(r.stationId())) {
            return this;
        }
        Map<String, Reading> sources = latestBySource.computeIfAbsent(r.stationId(), k -> new HashMap<>());
        Reading previous = sources.get(r.source());
        if (previous != null && r.seq() <= previous.seq()) {
            return this;
        }
        sources.put(r.source(), r);
        if (r.registered() != null) {
            Reading list = latestList.get(r.stationId());
            if (list == null || !r.observedAt().isBefore(list.observedAt())) {
                latestList.put(r.stationId(), r);
            }
        }
        return this;
    }

    /** Expected figures of every unit of the registry. */
    public Map<String, Expected> expected() {
        Map<String, long[]> sums = new HashMap<>();  // voted, registered, reporting
        Map<String, Map<String, Long>> complete = new HashMap<>();
        for (Unit u : registry.units()) {
            if (!registry.isLeaf(u.id())) {
                continue;
            }
            long voted = latestBySource.getOrDefault(u.id(), Map.of()).values().stream().mapToLong(Reading::voted).sum();
            Reading list = latestList.get(u.id());
            long registered = list == null ? u.registered() : list.registered();
            boolean reported = latestBySource.containsKey(u.id());
            boolean done = registered > 0 && voted >= registered;
            for (Unit a : registry.path(u.id())) {
                long[] s = sums.computeIfAbsent(a.id(), k -> new long[3]);
                s[0] += voted;
                s[1] += registered;
                s[2] += reported ? 1 : 0;
            }
            sums.get(u.id())[2] = reported ? 1 : 0;
        }
        Map<String, Expected> result = new HashMap<>();
        for (Unit u : registry.units()) {
            long[] s = sums.getOrDefault(u.id(), new long[3]);
            complete.put(u.id(), new HashMap<>());
            result.put(u.id(), new Expected(s[0], s[1], complete.get(u.id()), s[2]));
        }
        // Units complete at each level, counted into every ancestor.
        for (Unit u : registry.units()) {
            Expected e = result.get(u.id());
            boolean done = e.registered() > 0 && e.voted() >= e.registered();
            for (Unit a : registry.path(u.id())) {
                if (!a.id().equals(u.id())) {
                    result.get(a.id()).completeByLevel().merge(u.level(), done ? 1L : 0L, Long::sum);
                }
            }
        }
        return result;
    }
}
