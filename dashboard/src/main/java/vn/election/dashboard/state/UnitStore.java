package vn.election.dashboard.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.time.IsoTime;
import vn.election.model.unit.UnitSnapshots;

/**
 * The latest {@link UnitSnapshot} of every registry unit, fed by the units topic and read by REST and
 * the push loop; a unit nobody has reported yet is answered with zero figures built from the registry,
 * and the ids changed since the last {@link #drainChanged()} are kept for the push loop.
 */
public final class UnitStore {

    /** What {@link #offer(UnitSnapshot)} did with a snapshot. */
    public enum Outcome { APPLIED, STALE, UNKNOWN_UNIT }

    private final Registry registry;
    private final ConcurrentHashMap<String, UnitSnapshot> latest;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong firstChangeNanos = new java.util.concurrent.atomic.AtomicLong();
    private final DataClock clock = new DataClock(DataClock.DEFAULT_WINDOW_MILLIS);

    public UnitStore(Registry registry) {
        this.registry = registry;
        this.latest = new ConcurrentHashMap<>(Math.max(16, registry.size() * 2));
    }

    public Registry registry() {
        return registry;
    }

    /**
     * Keeps the snapshot unless the stored one has the same or a higher version: the topic is read
     * at least once and from the start, so repeats and stale records are normal.
     */
    public Outcome offer(UnitSnapshot snapshot) {
        if (registry.find(snapshot.unitId()).isEmpty()) {
            return Outcome.UNKNOWN_UNIT;
        }
        boolean[] applied = {false};
        latest.compute(snapshot.unitId(), (id, old) -> {
            if (old == null || snapshot.version() > old.version()) {
                applied[0] = true;
                return snapshot;
            }
            return old;
        });
        if (!applied[0]) {
            return Outcome.STALE;
        }
        changed.add(snapshot.unitId());
        if (snapshot.asOf() != null && registry.isLeaf(snapshot.unitId())) {
            offerToClock(snapshot);
        }
        // The first change since the push loop last looked: the one that has waited longest for its frame.
        firstChangeNanos.compareAndSet(0, System.nanoTime());
        return Outcome.APPLIED;
    }

    /** The unit's latest figures, zero figures if none arrived yet; empty for an id not in the registry. */
    public Optional<UnitSnapshot> find(String unitId) {
        if (unitId == null || registry.find(unitId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(current(unitId));
    }

    /** Like {@link #find(String)} for an id known to be in the registry; throws otherwise. */
    public UnitSnapshot get(String unitId) {
        return find(unitId).orElseThrow(() -> new IllegalArgumentException("no unit " + unitId + " in the registry"));
    }

    /** The children's figures in registry order; empty for a polling area or an unknown id. */
    public List<UnitSnapshot> children(String unitId) {
        List<String> ids = registry.children(unitId);
        List<UnitSnapshot> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(current(id));
        }
        return out;
    }

    /**
     * The data clock: the latest observation time polling areas have reached, robust to a few wrong dates
     * ({@link DataClock}); null before any area reported.
     */
    public Long clockMillis() {
        return clock.millis();
    }

    private void offerToClock(UnitSnapshot area) {
        try {
            clock.offer(area.unitId(), IsoTime.epochMillis(area.asOf()));
        } catch (java.time.format.DateTimeParseException e) {
            // The job writes as_of itself; a record that does not parse says nothing about the time.
        }
    }

    /** True once a snapshot of the unit arrived: for a polling area, it has sent at least one reading. */
    public boolean reported(String unitId) {
        return latest.containsKey(unitId);
    }

    /** Units for which at least one snapshot arrived. */
    public int knownUnits() {
        return latest.size();
    }

    /**
     * When (System.nanoTime) the earliest change not yet taken by {@link #drainChanged()} was read from
     * Kafka, 0 when none; resets it, so call it just before draining.
     */
    public long takeFirstChangeNanos() {
        return firstChangeNanos.getAndSet(0);
    }

    /** The ids that changed since the previous call, removed from the change set as they are taken. */
    public Set<String> drainChanged() {
        Set<String> out = new HashSet<>();
        // Remove one by one: an id re-added concurrently stays for the next drain instead of being lost.
        for (Iterator<String> it = changed.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    private UnitSnapshot current(String unitId) {
        UnitSnapshot s = latest.get(unitId);
        return s != null ? s : zero(unitId);
    }

    /** Nobody voted yet: the registry's list sizes and unit counts, nothing complete, nothing reporting. */
    UnitSnapshot zero(String unitId) {
        return UnitSnapshots.zero(registry, unitId);
    }
}
