package vn.election.jobs.functions.detect;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import vn.election.model.alert.Alert;
import vn.election.jobs.functions.shard.StateArrays;
import vn.election.model.alert.AlertCodec;

/**
 * What the station anomaly detectors keep for one shard, beside its tally: primitive arrays per polling area
 * and per source (indexed like the shard state's own), the open episodes (rare, so objects), and the shard's
 * next event-time timer. A reading changes a few array cells; nothing is allocated unless an alert fires.
 */
public final class StationWatches {

    static final long NONE = Long.MIN_VALUE;

    // Per polling area.
    /** OVER_100_PERCENT: the open episode and the latest observation that was still over the list. */
    public Alert[] overOpen;
    public long[] overLastAt;
    /**
     * SILENT_STATION: the latest observation the rule has seen and its offset (NONE: not watched, as before the
     * first reading or after polls closed), when the area's silence is due (NONE: no timer), the open episode.
     */
    public long[] silenceLatest;
    public int[] silenceOffset;
    public long[] silenceDue;
    public Alert[] silenceOpen;

    // Per source.
    /** COUNTER_DECREASE: the count before the source's previous one (-1 none), the open episode and its level. */
    public long[] countBefore;
    public Alert[] decreaseOpen;
    public long[] decreaseLevel;
    /** SURGE: the trail (capacity {@link #trailCapacity} per source, oldest first), its length, the latest observation, the open episode. */
    public long[] trailMillis;
    public long[] trailCounts;
    public int[] trailLength;
    public long[] trailLast;
    public Alert[] surgeOpen;
    public int trailCapacity;

    // JUMP_TO_100_BEFORE_CHECKPOINT: open episodes of the shard, with their area and the checkpoint that ends them.
    public int[] jumpArea = new int[0];
    public long[] jumpCheckpoint = new long[0];
    public Alert[] jumpOpen = new Alert[0];

    /** The earliest event-time timer registered for the shard and not yet fired, or NONE. */
    public long nextTimer = NONE;

    /** Empty watches for {@code areas} polling areas and room for {@code sources} sources. */
    public static StationWatches fresh(int areas, int sources, int trailCapacity) {
        StationWatches w = new StationWatches();
        w.overOpen = new Alert[areas];
        w.overLastAt = new long[areas];
        w.silenceLatest = new long[areas];
        Arrays.fill(w.silenceLatest, NONE);
        w.silenceOffset = new int[areas];
        w.silenceDue = new long[areas];
        Arrays.fill(w.silenceDue, NONE);
        w.silenceOpen = new Alert[areas];
        w.trailCapacity = trailCapacity;
        w.countBefore = new long[0];
        w.decreaseOpen = new Alert[0];
        w.decreaseLevel = new long[0];
        w.trailMillis = new long[0];
        w.trailCounts = new long[0];
        w.trailLength = new int[0];
        w.trailLast = new long[0];
        w.surgeOpen = new Alert[0];
        w.growSources(sources);
        return w;
    }

    /** Room for {@code capacity} sources (the shard state grows its source arrays the same way). */
    public void growSources(int capacity) {
        int old = countBefore.length;
        countBefore = Arrays.copyOf(countBefore, capacity);
        Arrays.fill(countBefore, old, capacity, -1);
        decreaseOpen = Arrays.copyOf(decreaseOpen, capacity);
        decreaseLevel = Arrays.copyOf(decreaseLevel, capacity);
        trailMillis = Arrays.copyOf(trailMillis, capacity * trailCapacity);
        trailCounts = Arrays.copyOf(trailCounts, capacity * trailCapacity);
        trailLength = Arrays.copyOf(trailLength, capacity);
        trailLast = Arrays.copyOf(trailLast, capacity);
        surgeOpen = Arrays.copyOf(surgeOpen, capacity);
    }

    void addJump(int area, long checkpoint, Alert alert) {
        int n = jumpArea.length;
        jumpArea = Arrays.copyOf(jumpArea, n + 1);
        jumpCheckpoint = Arrays.copyOf(jumpCheckpoint, n + 1);
        jumpOpen = Arrays.copyOf(jumpOpen, n + 1);
        jumpArea[n] = area;
        jumpCheckpoint[n] = checkpoint;
        jumpOpen[n] = alert;
    }

    boolean jumpOpenFor(int area, long checkpoint) {
        for (int i = 0; i < jumpArea.length; i++) {
            if (jumpArea[i] == area && jumpCheckpoint[i] == checkpoint) {
                return true;
            }
        }
        return false;
    }

    void removeJump(int i) {
        int n = jumpArea.length - 1;
        jumpArea[i] = jumpArea[n];
        jumpCheckpoint[i] = jumpCheckpoint[n];
        jumpOpen[i] = jumpOpen[n];
        jumpArea = Arrays.copyOf(jumpArea, n);
        jumpCheckpoint = Arrays.copyOf(jumpCheckpoint, n);
        jumpOpen = Arrays.copyOf(jumpOpen, n);
    }

    /** A deep copy (the heap backend's copy-on-write during a checkpoint); alerts are immutable and shared. */
    public StationWatches copy() {
        StationWatches w = new StationWatches();
        w.overOpen = overOpen.clone();
        w.overLastAt = overLastAt.clone();
        w.silenceLatest = silenceLatest.clone();
        w.silenceOffset = silenceOffset.clone();
        w.silenceDue = silenceDue.clone();
        w.silenceOpen = silenceOpen.clone();
        w.countBefore = countBefore.clone();
        w.decreaseOpen = decreaseOpen.clone();
        w.decreaseLevel = decreaseLevel.clone();
        w.trailMillis = trailMillis.clone();
        w.trailCounts = trailCounts.clone();
        w.trailLength = trailLength.clone();
        w.trailLast = trailLast.clone();
        w.surgeOpen = surgeOpen.clone();
        w.trailCapacity = trailCapacity;
        w.jumpArea = jumpArea.clone();
        w.jumpCheckpoint = jumpCheckpoint.clone();
        w.jumpOpen = jumpOpen.clone();
        w.nextTimer = nextTimer;
        return w;
    }

    public void write(DataOutputView out) throws IOException {
        out.writeInt(trailCapacity);
        alerts(out, overOpen);
        StateArrays.longs(out, overLastAt);
        StateArrays.longs(out, silenceLatest);
        StateArrays.ints(out, silenceOffset);
        StateArrays.longs(out, silenceDue);
        alerts(out, silenceOpen);
        StateArrays.longs(out, countBefore);
        alerts(out, decreaseOpen);
        StateArrays.longs(out, decreaseLevel);
        StateArrays.longs(out, trailMillis);
        StateArrays.longs(out, trailCounts);
        StateArrays.ints(out, trailLength);
        StateArrays.longs(out, trailLast);
        alerts(out, surgeOpen);
        out.writeInt(jumpArea.length);
        for (int i = 0; i < jumpArea.length; i++) {
            out.writeInt(jumpArea[i]);
            out.writeLong(jumpCheckpoint[i]);
        }
        alerts(out, jumpOpen);
        out.writeLong(nextTimer);
    }

    public static StationWatches read(DataInputView in) throws IOException {
        StationWatches w = new StationWatches();
        w.trailCapacity = in.readInt();
        w.overOpen = alerts(in);
        w.overLastAt = StateArrays.longs(in);
        w.silenceLatest = StateArrays.longs(in);
        w.silenceOffset = StateArrays.ints(in);
        w.silenceDue = StateArrays.longs(in);
        w.silenceOpen = alerts(in);
        w.countBefore = StateArrays.longs(in);
        w.decreaseOpen = alerts(in);
        w.decreaseLevel = StateArrays.longs(in);
        w.trailMillis = StateArrays.longs(in);
        w.trailCounts = StateArrays.longs(in);
        w.trailLength = StateArrays.ints(in);
        w.trailLast = StateArrays.longs(in);
        w.surgeOpen = alerts(in);
        int jumps = in.readInt();
        w.jumpArea = new int[jumps];
        w.jumpCheckpoint = new long[jumps];
        for (int i = 0; i < jumps; i++) {
            w.jumpArea[i] = in.readInt();
            w.jumpCheckpoint[i] = in.readLong();
        }
        w.jumpOpen = alerts(in);
        w.nextTimer = in.readLong();
        return w;
    }

    /** Open episodes are few: written sparsely, as index and the alert's own JSON. */
    private static void alerts(DataOutputView out, Alert[] a) throws IOException {
        out.writeInt(a.length);
        int open = 0;
        for (Alert x : a) {
            open += x == null ? 0 : 1;
        }
        out.writeInt(open);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                byte[] json = AlertCodec.encode(a[i]);
                out.writeInt(i);
                out.writeInt(json.length);
                out.write(json);
            }
        }
    }

    private static Alert[] alerts(DataInputView in) throws IOException {
        Alert[] a = new Alert[in.readInt()];
        int open = in.readInt();
        for (int k = 0; k < open; k++) {
            int i = in.readInt();
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            a[i] = AlertCodec.decode(json);
        }
        return a;
    }
}
