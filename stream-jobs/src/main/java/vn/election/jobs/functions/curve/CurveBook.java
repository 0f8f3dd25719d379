package vn.election.jobs.functions.curve;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import vn.election.jobs.functions.shard.StateArrays;
import vn.election.jobs.records.HistoryPoint;

/**
 * The exact event-time curves of a few units, as primitive arrays: each accepted change is added to the
 * bucket of event time it was observed in (a pending bucket), and when the watermark reaches a bucket's end
 * the bucket is closed: its changes join the running figures, and every unit seen in it, or quiet for at most
 * the gap fill, gets its point. A point for bucket {@code k} therefore counts every accepted change observed
 * at or before the bucket's end, whatever order and speed the readings came in. The book only numbers buckets;
 * which times a number holds is the caller's ({@code HistoryConfig.bucketOf}: ends inclusive since format 2).
 *
 * <p>A change for a bucket already closed (it came later than the watermark's bound) amends the running
 * figures and the closed points from its bucket on, within the amend window; they go out again, with unit 0's
 * late change per bucket for the level above, when the caller asks ({@link #flushAmendments}, every few seconds)
 * or before the amended bucket would leave the window, so a burst of late readings costs one point per unit and
 * bucket. A
 * change observed before the window counts from the window's first bucket. The figures of the window plus an
 * hour of buckets are kept per unit (a ring), so an amended point's hourly rate still has the figures of an
 * hour before it.
 *
 * <p>Used by the shard stage for its inner units (and polling areas when their curves are asked for) and by
 * {@link CurveRollup}, one unit per key, above it. Not thread-safe; written by {@link #write}.
 */
public final class CurveBook {

    public static final long NEVER = Long.MIN_VALUE;
    /**
     * 2: bucket {@code k} holds the changes observed in (k × width, (k + 1) × width], no longer [k × width,
     * (k + 1) × width): the same numbers hold other readings, so a book of format 1 is refused, not misread.
     */
    private static final int FORMAT = 2;

    /** What a closed or amended point is handed to. */
    public interface PointSink {
        void point(int unit, long bucket, long voted, long registered, long reporting, long per15, long perHour, int offset);
    }

    /** What a closed bucket's change of unit 0 (the book's top unit) is handed to, for the level above. */
    public interface DeltaSink {
        void delta(long bucket, long voted, long registered, long reporting, int offset);
    }

    private int units;
    private int perHour;
    private int per15;
    private int gapFill;
    private int amendBuckets;
    // Running figures through the last closed bucket, by unit.
    private long[] voted;
    private long[] registered;
    private long[] reporting;
    private int[] offset;
    /** First bucket a unit was seen in, and the last closed one it was seen in; NEVER until then. */
    private long[] firstSeen;
    private long[] lastSeen;
    /** Figures after each of the last 2 × perHour closed buckets: unit * ring + slot. */
    private long[] ringVoted;
    private long[] ringRegistered;
    private long[] ringReporting;
    private long closedThrough = NEVER;
    // Buckets not closed yet, ascending; each with unit * 3 deltas (voted, registered, reporting) and seen flags.
    private int pendingCount;
    private long[] pendingBucket;
    private long[][] pendingDelta;
    private boolean[][] pendingSeen;
    /** Per unit, the first closed bucket whose point must go out again, or NEVER. */
    private long[] amendFrom;
    private boolean amended;
    /** The earliest bucket amended since the last flush, or NEVER: it must go out before it leaves the window. */
    private long oldestAmend = NEVER;
    /** Unit 0's late changes not yet passed up, by ring slot of their (closed) bucket. */
    private long[] lateVoted;
    private long[] lateRegistered;
    private long[] lateReporting;
    private boolean[] lateSeen;
    private boolean lateAny;

    private CurveBook() {
    }

    /**
     * A book of {@code units} units with nothing seen.
     *
     * @param listTotals each unit's list as the registry gives it (the curve's registered before any change)
     * @param bucketsPerHour buckets in an hour (the hourly rate's reach); a quarter of it is the 15-minute rate's
     * @param gapFill quiet buckets after a unit's last change that still get a point
     * @param amendBuckets how many closed buckets back a late change amends
     */
    public static CurveBook fresh(long[] listTotals, int bucketsPerHour, int gapFill, int amendBuckets) {
        CurveBook b = new CurveBook();
        int n = listTotals.length;
        b.units = n;
        b.perHour = bucketsPerHour;
        b.per15 = bucketsPerHour / 4;
        b.gapFill = gapFill;
        b.amendBuckets = amendBuckets;
        b.voted = new long[n];
        b.registered = listTotals.clone();
        b.reporting = new long[n];
        b.offset = new int[n];
        b.firstSeen = filled(n, NEVER);
        b.lastSeen = filled(n, NEVER);
        int ring = b.ring();
        b.ringVoted = new long[n * ring];
        b.ringRegistered = new long[n * ring];
        b.ringReporting = new long[n * ring];
        for (int u = 0; u < n; u++) {
            Arrays.fill(b.ringRegistered, u * ring, (u + 1) * ring, listTotals[u]);
        }
        b.pendingBucket = new long[2];
        b.pendingDelta = new long[2][];
        b.pendingSeen = new boolean[2][];
        b.amendFrom = filled(n, NEVER);
        b.lateVoted = new long[ring];
        b.lateRegistered = new long[ring];
        b.lateReporting = new long[ring];
        b.lateSeen = new boolean[ring];
        return b;
    }

    private int ring() {
        return amendBuckets + perHour;
    }

    public long closedThrough() {
        return closedThrough;
    }

    /**
     * Adds one accepted change of {@code unit} observed in {@code bucket}.
     *
     * @return false when the bucket was already closed: the change amended the closed figures, to go out with
     *         the next {@link #flushAmendments}
     */
    public boolean add(int unit, long bucket, long dVoted, long dRegistered, long dReporting, int offsetSeconds) {
        offset[unit] = offsetSeconds;
        if (firstSeen[unit] == NEVER || bucket < firstSeen[unit]) {
            firstSeen[unit] = bucket;
        }
        if (closedThrough != NEVER && bucket <= closedThrough) {
            amend(unit, bucket, dVoted, dRegistered, dReporting);
            return false;
        }
        int p = pending(bucket);
        long[] d = pendingDelta[p];
        d[unit * 3] += dVoted;
        d[unit * 3 + 1] += dRegistered;
        d[unit * 3 + 2] += dReporting;
        pendingSeen[p][unit] = true;
        return true;
    }

    /** The index of the pending bucket, added in order when it is new. */
    private int pending(long bucket) {
        int i = pendingCount - 1;
        while (i >= 0 && pendingBucket[i] > bucket) {
            i--;
        }
        if (i >= 0 && pendingBucket[i] == bucket) {
            return i;
        }
        int at = i + 1;
        if (pendingCount == pendingBucket.length) {
            int grown = pendingCount * 2;
            pendingBucket = Arrays.copyOf(pendingBucket, grown);
            pendingDelta = Arrays.copyOf(pendingDelta, grown);
            pendingSeen = Arrays.copyOf(pendingSeen, grown);
        }
        System.arraycopy(pendingBucket, at, pendingBucket, at + 1, pendingCount - at);
        System.arraycopy(pendingDelta, at, pendingDelta, at + 1, pendingCount - at);
        System.arraycopy(pendingSeen, at, pendingSeen, at + 1, pendingCount - at);
        pendingBucket[at] = bucket;
        pendingDelta[at] = new long[units * 3];
        pendingSeen[at] = new boolean[units];
        pendingCount++;
        return at;
    }

    /** A late change: the running figures, and the kept figures of every closed bucket from its own on. */
    private void amend(int unit, long observedBucket, long dVoted, long dRegistered, long dReporting) {
        long bucket = Math.max(observedBucket, closedThrough - amendBuckets + 1);
        if (unit == 0) {
            int at = slot(bucket);
            lateVoted[at] += dVoted;
            lateRegistered[at] += dRegistered;
            lateReporting[at] += dReporting;
            lateSeen[at] = true;
            lateAny = true;
        }
        voted[unit] += dVoted;
        registered[unit] += dRegistered;
        reporting[unit] += dReporting;
        int ring = ring();
        for (long k = Math.max(bucket, closedThrough - ring + 1); k <= closedThrough; k++) {
            int at = unit * ring + slot(k);
            ringVoted[at] += dVoted;
            ringRegistered[at] += dRegistered;
            ringReporting[at] += dReporting;
        }
        if (bucket > lastSeen[unit]) {
            lastSeen[unit] = bucket;
        }
        if (amendFrom[unit] == NEVER || bucket < amendFrom[unit]) {
            amendFrom[unit] = bucket;
        }
        if (oldestAmend == NEVER || bucket < oldestAmend) {
            oldestAmend = bucket;
        }
        amended = true;
    }

    /**
     * Closes every bucket up to and including {@code last} (the watermark has reached its end): points for the
     * units seen in each, or quiet for at most the gap fill, and unit 0's change per bucket for the level above.
     */
    public void close(long last, PointSink points, DeltaSink up) {
        int ring = ring();
        while (true) {
            long next = pendingCount > 0 ? pendingBucket[0] : Long.MAX_VALUE;
            long k = closedThrough == NEVER ? next : closedThrough + 1;
            if (k < next && !anyInGap(k)) {
                k = next;   // a quiet stretch nobody is filled across: skip it, keeping the ring's figures
            }
            if (k > last || k == Long.MAX_VALUE) {
                quietThrough(last, points, up);
                return;
            }
            if (amended && oldestAmend < k - amendBuckets + 1) {
                flushAmendments(points, up);   // before its bucket leaves the window and its ring slot is reused
            }
            if (closedThrough != NEVER) {
                // Buckets skipped keep the figures of the last one closed (counters are cumulative).
                for (long q = Math.max(closedThrough + 1, k - ring); q < k; q++) {
                    writeRing(q, ring);
                }
            }
            boolean[] seen = null;
            if (k == next) {
                long[] d = pendingDelta[0];
                seen = pendingSeen[0];
                for (int u = 0; u < units; u++) {
                    voted[u] += d[u * 3];
                    registered[u] += d[u * 3 + 1];
                    reporting[u] += d[u * 3 + 2];
                    if (seen[u]) {
                        lastSeen[u] = k;
                    }
                }
                if (seen[0]) {
                    up.delta(k, d[0], d[1], d[2], offset[0]);
                }
                System.arraycopy(pendingBucket, 1, pendingBucket, 0, pendingCount - 1);
                System.arraycopy(pendingDelta, 1, pendingDelta, 0, pendingCount - 1);
                System.arraycopy(pendingSeen, 1, pendingSeen, 0, pendingCount - 1);
                pendingCount--;
                pendingDelta[pendingCount] = null;
                pendingSeen[pendingCount] = null;
            }
            writeRing(k, ring);
            closedThrough = k;
            for (int u = 0; u < units; u++) {
                if (firstSeen[u] != NEVER && firstSeen[u] <= k && lastSeen[u] != NEVER && k - lastSeen[u] <= gapFill) {
                    emit(u, k, points);
                }
            }
        }
    }

    /**
     * Closes a quiet stretch up to {@code last} (nothing pending or filled in it), so a change for a bucket the
     * watermark has passed is late, never pending behind a timer that would need the watermark to move again.
     */
    private void quietThrough(long last, PointSink points, DeltaSink up) {
        if (closedThrough == NEVER) {
            closedThrough = last;   // nothing closed yet: the figures are the registry's, as the ring holds them
            return;
        }
        if (closedThrough >= last) {
            return;
        }
        if (amended && oldestAmend < last - amendBuckets + 1) {
            flushAmendments(points, up);
        }
        int ring = ring();
        for (long q = Math.max(closedThrough + 1, last - ring + 1); q <= last; q++) {
            writeRing(q, ring);
        }
        closedThrough = last;
    }

    /** The bucket after the last closed one when some unit still gets a gap-filling point in it, else NEVER. */
    public long nextQuietBucket() {
        return closedThrough != NEVER && anyInGap(closedThrough + 1) ? closedThrough + 1 : NEVER;
    }

    /** The earliest bucket not closed yet that has changes, or NEVER. */
    public long firstPending() {
        return pendingCount > 0 ? pendingBucket[0] : NEVER;
    }

    private boolean anyInGap(long k) {
        for (int u = 0; u < units; u++) {
            if (lastSeen[u] != NEVER && k - lastSeen[u] <= gapFill) {
                return true;
            }
        }
        return false;
    }

    /** Whether late changes wait to go out. */
    public boolean hasAmendments() {
        return amended;
    }

    /** Sends again every closed point late changes altered, and unit 0's late change per bucket to the level above. */
    public void flushAmendments(PointSink points, DeltaSink up) {
        flushLateChanges(up);
        if (!amended) {
            return;
        }
        amended = false;
        oldestAmend = NEVER;
        for (int u = 0; u < units; u++) {
            if (amendFrom[u] == NEVER) {
                continue;
            }
            for (long k = Math.max(amendFrom[u], firstSeen[u]); k <= closedThrough; k++) {
                emit(u, k, points);
            }
            amendFrom[u] = NEVER;
        }
    }

    /**
     * Sends unit 0's late changes, per bucket, to the level above: cheap (one record per bucket), so the caller
     * sends them soon (each tick) and the level above, whose window moves with the same watermark, still has their
     * buckets in its own; the points they amend can wait for {@link #flushAmendments}.
     */
    public void flushLateChanges(DeltaSink up) {
        if (!lateAny) {
            return;
        }
        lateAny = false;
        for (long k = closedThrough - amendBuckets + 1; k <= closedThrough; k++) {
            int at = slot(k);
            if (lateSeen[at]) {
                up.delta(k, lateVoted[at], lateRegistered[at], lateReporting[at], offset[0]);
                lateVoted[at] = 0;
                lateRegistered[at] = 0;
                lateReporting[at] = 0;
                lateSeen[at] = false;
            }
        }
    }

    private void writeRing(long k, int ring) {
        int s = slot(k);
        for (int u = 0; u < units; u++) {
            ringVoted[u * ring + s] = voted[u];
            ringRegistered[u * ring + s] = registered[u];
            ringReporting[u * ring + s] = reporting[u];
        }
    }

    /** The point of closed bucket {@code k} (within the ring), with the votes of the last quarter and hour. */
    private void emit(int u, long k, PointSink points) {
        int ring = ring();
        int at = u * ring + slot(k);
        long v = ringVoted[at];
        points.point(u, k, v, ringRegistered[at], ringReporting[at], rate(u, k, per15, v), rate(u, k, perHour, v), offset[u]);
    }

    /**
     * Voted at {@code k} minus voted {@code back} buckets earlier, unknown before the unit was first seen; a
     * correction that lowers the count shows as 0, not as negative voting.
     */
    private long rate(int u, long k, int back, long v) {
        if (k - back < firstSeen[u]) {
            return HistoryPoint.UNKNOWN;
        }
        return Math.max(0, v - ringVoted[u * ring() + slot(k - back)]);
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) ring());
    }

    /** Writes the book with a format version first. */
    public void write(DataOutputView out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(units);
        out.writeInt(perHour);
        out.writeInt(gapFill);
        out.writeInt(amendBuckets);
        StateArrays.longs(out, voted);
        StateArrays.longs(out, registered);
        StateArrays.longs(out, reporting);
        StateArrays.ints(out, offset);
        StateArrays.longs(out, firstSeen);
        StateArrays.longs(out, lastSeen);
        StateArrays.longs(out, ringVoted);
        StateArrays.longs(out, ringRegistered);
        StateArrays.longs(out, ringReporting);
        out.writeLong(closedThrough);
        out.writeInt(pendingCount);
        for (int p = 0; p < pendingCount; p++) {
            out.writeLong(pendingBucket[p]);
            StateArrays.longs(out, pendingDelta[p]);
            StateArrays.bools(out, pendingSeen[p]);
        }
        StateArrays.longs(out, amendFrom);
        out.writeBoolean(amended);
        out.writeLong(oldestAmend);
        StateArrays.longs(out, lateVoted);
        StateArrays.longs(out, lateRegistered);
        StateArrays.longs(out, lateReporting);
        StateArrays.bools(out, lateSeen);
        out.writeBoolean(lateAny);
    }

    /** Reads what {@link #write} wrote. */
    public static CurveBook read(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException(format == 1
                    ? "curve book written in format 1, whose buckets end before their label (a reading at 09:00:00 was"
                    + " in the point at 09:05); this job reads format " + FORMAT + ", whose points include readings made"
                    + " at their end. Start the job without this savepoint and let it read the readings topic again"
                    : "curve book: unknown format " + format + " (this job writes " + FORMAT + ")");
        }
        CurveBook b = new CurveBook();
        b.units = in.readInt();
        b.perHour = in.readInt();
        b.per15 = b.perHour / 4;
        b.gapFill = in.readInt();
        b.amendBuckets = in.readInt();
        b.voted = StateArrays.longs(in);
        b.registered = StateArrays.longs(in);
        b.reporting = StateArrays.longs(in);
        b.offset = StateArrays.ints(in);
        b.firstSeen = StateArrays.longs(in);
        b.lastSeen = StateArrays.longs(in);
        b.ringVoted = StateArrays.longs(in);
        b.ringRegistered = StateArrays.longs(in);
        b.ringReporting = StateArrays.longs(in);
        b.closedThrough = in.readLong();
        b.pendingCount = in.readInt();
        int capacity = Math.max(2, b.pendingCount);
        b.pendingBucket = new long[capacity];
        b.pendingDelta = new long[capacity][];
        b.pendingSeen = new boolean[capacity][];
        for (int p = 0; p < b.pendingCount; p++) {
            b.pendingBucket[p] = in.readLong();
            b.pendingDelta[p] = StateArrays.longs(in);
            b.pendingSeen[p] = StateArrays.bools(in);
        }
        b.amendFrom = StateArrays.longs(in);
        b.amended = in.readBoolean();
        b.oldestAmend = in.readLong();
        b.lateVoted = StateArrays.longs(in);
        b.lateRegistered = StateArrays.longs(in);
        b.lateReporting = StateArrays.longs(in);
        b.lateSeen = StateArrays.bools(in);
        b.lateAny = in.readBoolean();
        return b;
    }

    /** A deep copy (the heap backend's copy while a checkpoint holds the value). */
    public CurveBook copy() {
        CurveBook b = new CurveBook();
        b.units = units;
        b.perHour = perHour;
        b.per15 = per15;
        b.gapFill = gapFill;
        b.amendBuckets = amendBuckets;
        b.voted = voted.clone();
        b.registered = registered.clone();
        b.reporting = reporting.clone();
        b.offset = offset.clone();
        b.firstSeen = firstSeen.clone();
        b.lastSeen = lastSeen.clone();
        b.ringVoted = ringVoted.clone();
        b.ringRegistered = ringRegistered.clone();
        b.ringReporting = ringReporting.clone();
        b.closedThrough = closedThrough;
        b.pendingCount = pendingCount;
        b.pendingBucket = pendingBucket.clone();
        b.pendingDelta = new long[pendingDelta.length][];
        b.pendingSeen = new boolean[pendingSeen.length][];
        for (int p = 0; p < pendingCount; p++) {
            b.pendingDelta[p] = pendingDelta[p].clone();
            b.pendingSeen[p] = pendingSeen[p].clone();
        }
        b.amendFrom = amendFrom.clone();
        b.amended = amended;
        b.oldestAmend = oldestAmend;
        b.lateVoted = lateVoted.clone();
        b.lateRegistered = lateRegistered.clone();
        b.lateReporting = lateReporting.clone();
        b.lateSeen = lateSeen.clone();
        b.lateAny = lateAny;
        return b;
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
