package vn.election.field.simulator;

import java.util.HashMap;
import java.util.Map;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;

/**
 * What the pipeline must end with, from everything the simulator delivered: per polling area the
 * latest {@code seq} of each source summed, and the list size observed last.
 */
public final class GroundTruth {

    private final Registry registry;
    private final Map<String, Map<String, long[]>> bySource = new HashMap<>();   // station -> source -> {seq, voted}
    private final Map<String, long[]> lists = new HashMap<>();                 // station -> {observedMillis, size}

    GroundTruth(Registry registry) {
        this.registry = registry;
    }

    synchronized void record(Reading r) {
        long[] latest = bySource.computeIfAbsent(r.stationId(), k -> new HashMap<>())
                .computeIfAbsent(r.source(), k -> new long[] {0, 0});
        if (r.seq() <= latest[0]) {
            return;
        }
        latest[0] = r.seq();
        latest[1] = r.voted();
        if (r.registered() != null) {
            long t = r.observedAt().toEpochMilli();
            long[] list = lists.get(r.stationId());
            if (list == null || t >= list[0]) {
                lists.put(r.stationId(), new long[] {t, r.registered()});
            }
        }
    }

    /** Voters counted per polling area that reported. */
    public synchronized Map<String, Long> voted() {
        Map<String, Long> out = new HashMap<>();
        bySource.forEach((station, sources) ->
                out.put(station, sources.values().stream().mapToLong(v -> v[1]).sum()));
        return out;
    }

    /** The list size of a polling area at the end: the latest reported, else the registry's. */
    public synchronized long registered(String stationId) {
        long[] list = lists.get(stationId);
        return list != null ? list[1] : registry.unit(stationId).registered();
    }

    /** Voters counted in the whole registry. */
    public long totalVoted() {
        return voted().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Voters on the list in the whole registry, list changes included. */
    public synchronized long totalRegistered() {
        long total = registry.registeredTotal(registry.root());
        for (Map.Entry<String, long[]> e : lists.entrySet()) {
            total += e.getValue()[1] - registry.unit(e.getKey()).registered();
        }
        return total;
    }
}
