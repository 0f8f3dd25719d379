package vn.election.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which offsets of the alerts topic may be committed: records read are tracked per partition until
 * released (delivered or deliberately dropped); the committable offset of a partition is its lowest
 * unreleased record, or the next offset to read when none waits. Never goes below the offset a
 * partition was assigned at. Not thread-safe: one delivery thread owns it.
 */
final class OffsetTracker {

    /** One partition's unreleased offsets and read position. */
    private static final class PartitionState {
        final TreeSet<Long> pending = new TreeSet<>();
        long next;
        long committed;

        PartitionState(long start) {
            this.next = start;
            this.committed = start;
        }

        long committable() {
            return pending.isEmpty() ? next : pending.first();
        }
    }

    private final Map<Integer, PartitionState> partitions = new HashMap<>();
    private int pending;

    /** Starts tracking a partition whose committed offset (where delivery resumes) is {@code start}. */
    void assign(int partition, long start) {
        partitions.put(partition, new PartitionState(start));
    }

    /** A record to deliver was read. */
    void track(RecordRef ref) {
        PartitionState p = partitions.get(ref.partition());
        if (p != null && ref.offset() >= p.committed && p.pending.add(ref.offset())) {
            pending++;
        }
        read(ref);
    }

    /** A record was read; it is not pending (state only), or it was tracked and is pending. */
    void read(RecordRef ref) {
        PartitionState p = partitions.get(ref.partition());
        if (p != null) {
            p.next = Math.max(p.next, ref.offset() + 1);
        }
    }

    /** The record needs no more delivery. */
    void release(RecordRef ref) {
        PartitionState p = partitions.get(ref.partition());
        if (p != null && p.pending.remove(ref.offset())) {
            pending--;
        }
    }

    /** Offsets to commit, by partition, that moved since the last {@link #committed}; empty when none did. */
    Map<Integer, Long> toCommit() {
        Map<Integer, Long> out = new HashMap<>();
        partitions.forEach((partition, p) -> {
            long c = p.committable();
            if (c > p.committed) {
                out.put(partition, c);
            }
        });
        return out;
    }

    /** Records that the broker now holds these offsets. */
    void committed(Map<Integer, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionState p = partitions.get(partition);
            if (p != null) {
                p.committed = Math.max(p.committed, offset);
            }
        });
    }

    /** Records read but not yet delivered or dropped. */
    int pending() {
        return pending;
    }

    void clear() {
        partitions.clear();
        pending = 0;
    }
}
