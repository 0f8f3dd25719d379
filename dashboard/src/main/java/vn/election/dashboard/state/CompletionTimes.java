package vn.election.dashboard.state;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import vn.election.model.history.HistoryRecord;
import vn.election.model.registry.Registry;
import vn.election.model.time.IsoTime;
import vn.election.model.unit.UnitSnapshot;

/**
 * When each unit of the registry reached 100%, so "units at 100% at 17:00" can be counted for any past time:
 * the earliest time at which it was seen complete, forgotten when a later one shows it incomplete again (a
 * correction). Units above the polling areas are seen in the closed points of {@code turnout.history} (at the
 * bucket end); polling areas in their snapshots on {@code turnout.units} (at their {@code as_of}), since the
 * job writes curve points for them only with {@code --history-polling-areas}: at national scale they would be
 * most of the topic.
 */
public final class CompletionTimes {

    /** No completion known: compares after every time. */
    private static final int NEVER = Integer.MAX_VALUE;
    /** No incomplete point seen: compares before every time. */
    private static final int NONE = Integer.MIN_VALUE;

    private final Registry registry;
    /** Units in depth-first order, so a unit's subtree is one contiguous range of indexes. */
    private final Map<String, Integer> index;
    private final int[] subtreeEnd;
    private final byte[] depth;
    /** Epoch minute of the earliest complete closed bucket end; read by REST threads while the feed writes. */
    private final AtomicIntegerArray completeSince;
    /** Epoch minute of the latest incomplete closed bucket end; the feed thread's alone. */
    private final int[] lastIncomplete;

    public CompletionTimes(Registry registry) {
        this.registry = registry;
        int n = registry.size();
        this.index = new HashMap<>(n * 2);
        this.subtreeEnd = new int[n];
        this.depth = new byte[n];
        this.completeSince = new AtomicIntegerArray(n);
        this.lastIncomplete = new int[n];
        for (int i = 0; i < n; i++) {
            completeSince.set(i, NEVER);
            lastIncomplete[i] = NONE;
        }
        order(registry);
    }

    /** Iterative depth-first walk (a deep registry must not overflow the stack), pre-order with subtree ends. */
    private void order(Registry registry) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {registry.root(), Boolean.FALSE});
        int next = 0;
        while (!stack.isEmpty()) {
            Object[] frame = stack.pop();
            String id = (String) frame[0];
            if ((Boolean) frame[1]) {
                subtreeEnd[index.get(id)] = next;
                continue;
            }
            int at = next++;
            index.put(id, at);
            depth[at] = (byte) registry.unit(id).depth();
            stack.push(new Object[] {id, Boolean.TRUE});
            List<String> children = registry.children(id);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(new Object[] {children.get(i), Boolean.FALSE});
            }
        }
    }

    /**
     * Takes a history point into account; open points (figures so far of a bucket) and units not in the
     * registry are ignored. Called by the feed thread only.
     */
    public void offer(HistoryRecord point) {
        Integer i = index.get(point.unitId());
        if (i == null || point.open()) {
            return;
        }
        observe(i, ceilMinute(point.bucketEnd().toInstant()), UnitSnapshot.isComplete(point.voted(), point.registered()));
    }

    /**
     * Takes a polling area's newer snapshot into account, at its {@code as_of} (the latest observation in it);
     * other units' snapshots and snapshots without a time are ignored. Called by the feed thread only.
     */
    public void offer(UnitSnapshot snapshot) {
        Integer i = index.get(snapshot.unitId());
        if (i == null || snapshot.asOf() == null || !registry.isLeaf(snapshot.unitId())) {
            return;
        }
        Instant at;
        try {
            at = IsoTime.instant(snapshot.asOf());
        } catch (java.time.format.DateTimeParseException e) {
            return;
        }
        observe(i, ceilMinute(at), snapshot.complete());
    }

    private void observe(int i, int end, boolean complete) {
        if (complete) {
            // A complete point at or before a known incomplete one is superseded by the correction.
            if (end > lastIncomplete[i] && end < completeSince.get(i)) {
                completeSince.set(i, end);
            }
            return;
        }
        lastIncomplete[i] = Math.max(lastIncomplete[i], end);
        if (end >= completeSince.get(i)) {
            completeSince.set(i, NEVER);     // a correction: complete again only from a later complete point
        }
    }

    /** True when the unit's latest known completion is at or before {@code time}. */
    public boolean completeAt(String unitId, Instant time) {
        Integer i = index.get(unitId);
        return i != null && completeSince.get(i) <= floorMinute(time);
    }

    /**
     * Units complete at {@code time} per depth below {@code unitId}: element d counts the descendants at
     * depth d (the unit itself and shallower depths stay 0).
     */
    public long[] completeBelow(String unitId, Instant time) {
        long[] counts = new long[registry.levels().size()];
        Integer at = index.get(unitId);
        if (at == null) {
            return counts;
        }
        int t = floorMinute(time);
        for (int i = at + 1; i < subtreeEnd[at]; i++) {
            if (completeSince.get(i) <= t) {
                counts[depth[i]]++;
            }
        }
        return counts;
    }

    /** A bucket end in epoch minutes, rounded up: a unit complete at 17:00:30 was not yet complete at 17:00. */
    private static int ceilMinute(Instant t) {
        return clamp(Math.floorDiv(t.getEpochSecond(), 60) + (Math.floorMod(t.getEpochSecond(), 60) == 0 && t.getNano() == 0 ? 0 : 1));
    }

    /** A time asked about in epoch minutes, rounded down, for the same reason. */
    private static int floorMinute(Instant t) {
        return clamp(Math.floorDiv(t.getEpochSecond(), 60));
    }

    /** Inside the int range, away from the two markers, whatever absurd time was asked about. */
    private static int clamp(long minutes) {
        return (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE - 1L, minutes));
    }
}
