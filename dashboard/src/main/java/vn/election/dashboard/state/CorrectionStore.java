package vn.election.dashboard.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.election.model.correction.Correction;
import vn.election.model.correction.CorrectionCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The latest corrections on record (turnout.corrections), at most {@link #DEFAULT_CAPACITY}, the oldest dropped
 * first and counted; listed per unit with everything below it, newest first.
 *
 * <p>Each correction is listed under its polling area and every unit above it, so a unit's page costs what it
 * shows, not a walk over every correction kept. Written by the feed thread, read by the event loops: one lock,
 * held for the few list operations each side does.
 */
public final class CorrectionStore {

    /** Enough for every correction of a national day many times over, bounded so a flood cannot exhaust memory. */
    public static final int DEFAULT_CAPACITY = 100_000;

    /** One correction as kept: the record, and when the job wrote it (the Kafka timestamp, or null). */
    public record Entry(Correction correction, Instant recordedAt) {
    }

    /** A page of a unit's corrections, newest first, and how many it has in all. */
    public record Page(List<Entry> items, int total) {
    }

    /**
     * The corrections kept since the push loop last asked, oldest first; {@code overflowed} when more came than
     * {@link #MAX_FRESH} (a catch-up at start): the list is then empty and every screen reloads its list instead.
     */
    public record Fresh(List<Entry> entries, boolean overflowed) {
        public static final Fresh NONE = new Fresh(List.of(), false);

        public boolean isEmpty() {
            return entries.isEmpty() && !overflowed;
        }
    }

    /** More new corrections than this between two push ticks and they are not handed out one by one (memory stays bounded). */
    public static final int MAX_FRESH = 5_000;

    private final Registry registry;
    private final int capacity;
    private final ArrayDeque<Entry> all = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Entry>> byUnit = new HashMap<>();
    private final Set<String> ids = new HashSet<>();
    private long dropped;
    private List<Entry> fresh = new java.util.ArrayList<>();
    private boolean freshOverflowed;

    public CorrectionStore(Registry registry) {
        this(registry, DEFAULT_CAPACITY);
    }

    public CorrectionStore(Registry registry, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.registry = registry;
        this.capacity = capacity;
    }

    /**
     * Keeps a correction; says what it did: {@code applied}, {@code repeat} (the sink is at-least-once: a correction
     * already kept is not listed twice) or {@code unknown_unit} (an area outside this instance's registry).
     */
    public synchronized String offer(Correction c, Instant recordedAt) {
        if (registry.find(c.stationId()).isEmpty()) {
            return "unknown_unit";
        }
        if (!ids.add(c.correctionId())) {
            return "repeat";
        }
        Entry e = new Entry(c, recordedAt);
        if (all.size() == capacity) {
            drop(all.removeFirst());
        }
        all.addLast(e);
        for (Unit u : registry.path(c.stationId())) {
            byUnit.computeIfAbsent(u.id(), k -> new ArrayDeque<>()).addLast(e);
        }
        if (!freshOverflowed) {
            fresh.add(e);
            if (fresh.size() > MAX_FRESH) {
                fresh.clear();
                freshOverflowed = true;
            }
        }
        return "applied";
    }

    /** The oldest is the head of every list it is in: they were all appended in the same order. */
    private void drop(Entry oldest) {
        dropped++;
        ids.remove(oldest.correction().correctionId());
        for (Unit u : registry.path(oldest.correction().stationId())) {
            ArrayDeque<Entry> list = byUnit.get(u.id());
            list.removeFirst();
            if (list.isEmpty()) {
                byUnit.remove(u.id());
            }
        }
    }

    /** The corrections of {@code unitId} and everything below it, newest first, from {@code offset}. */
    public synchronized Page page(String unitId, int offset, int limit) {
        ArrayDeque<Entry> list = byUnit.get(unitId);
        if (list == null || offset >= list.size()) {
            return new Page(List.of(), list == null ? 0 : list.size());
        }
        List<Entry> items = new java.util.ArrayList<>(Math.min(limit, list.size() - offset));
        Iterator<Entry> it = list.descendingIterator();
        for (int skipped = 0; skipped < offset; skipped++) {
            it.next();
        }
        while (it.hasNext() && items.size() < limit) {
            items.add(it.next());
        }
        return new Page(items, list.size());
    }

    /** The corrections kept since the previous call, for the push loop (websocket frames of type corrections). */
    public synchronized Fresh drainFresh() {
        if (fresh.isEmpty() && !freshOverflowed) {
            return Fresh.NONE;
        }
        Fresh out = new Fresh(List.copyOf(fresh), freshOverflowed);
        fresh = new java.util.ArrayList<>();
        freshOverflowed = false;
        return out;
    }

    /** Corrections kept now. */
    public synchronized int size() {
        return all.size();
    }

    /** Corrections dropped, oldest first, to stay within the capacity. */
    public synchronized long dropped() {
        return dropped;
    }

    public int capacity() {
        return capacity;
    }

    /** A correction as the API answers it: the record, its area's name and path (names from the root), when it was written. */
    public ObjectNode toJson(Entry e) {
        ObjectNode o = CorrectionCodec.toNode(e.correction());
        Unit area = registry.unit(e.correction().stationId());
        o.put("name", area.name());
        ArrayNode path = o.putArray("path");
        registry.path(area.id()).forEach(u -> path.add(u.name()));
        if (e.recordedAt() == null) {
            o.putNull("recorded_at");
        } else {
            o.put("recorded_at", e.recordedAt().toString());
        }
        return o;
    }
}
