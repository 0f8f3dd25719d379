package vn.election.jobs.functions.detect;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import java.math.BigDecimal;
import vn.election.jobs.functions.shard.StateArrays;
import vn.election.jobs.records.Finding;

/**
 * What the station anomaly detectors keep for one shard, beside its tally: primitive arrays per polling area
 * and per source (indexed like the shard state's own), the open episodes (rare, so objects: their findings), and the shard's
 * next event-time timer. A reading changes a few array cells; nothing is allocated unless an episode opens or ends.
 */
public final class StationWatches {

    static final long NONE = Long.MIN_VALUE;

    // Per polling area.
    /** OVER_100_PERCENT: the open episode and the latest observation that was still over the list. */
    public Finding[] overOpen;
    public long[] overLastAt;
    /**
     * SILENT_STATION: the latest observation the rule has seen and its offset (NONE: not watched, as before the
     * first reading or after polls closed), when the area's silence is due (NONE: no timer), the open episode.
     */
    public long[] silenceLatest;
    public int[] silenceOffset;
    public long[] silenceDue;
    public Finding[] silenceOpen;

    // Per source.
    /** COUNTER_DECREASE: the count before the source's previous one (-1 none), the open episode and its level. */
    public long[] countBefore;
    public Finding[] decreaseOpen;
    public long[] decreaseLevel;
    /** SURGE: the trail (capacity {@link #trailCapacity} per source, oldest first), its length, the latest observation, the open episode. */
    public long[] trailMillis;
    public long[] trailCounts;
    public int[] trailLength;
    public long[] trailLast;
    public Finding[] surgeOpen;
    public int trailCapacity;

    // JUMP_TO_100_BEFORE_CHECKPOINT: open episodes of the shard, with their area and the checkpoint that ends them.
    public int[] jumpArea = new int[0];
    public long[] jumpCheckpoint = new long[0];
    public Finding[] jumpOpen = new Finding[0];

    /** The earliest event-time timer registered for the shard and not yet fired, or NONE. */
    public long nextTimer = NONE;

    /** Empty watches for {@code areas} polling areas and room for {@code sources} sources. */
    public static StationWatches fresh(int areas, int sources, int trailCapacity) {
        StationWatches w = new StationWatches();
        w.overOpen = new Finding[areas];
        w.overLastAt = new long[areas];
        w.silenceLatest = new long[areas];
        Arrays.fill(w.silenceLatest, NONE);
        w.silenceOffset = new int[areas];
        w.silenceDue = new long[areas];
        Arrays.fill(w.silenceDue, NONE);
        w.silenceOpen = new Finding[areas];
        w.trailCapacity = trailCapacity;
        w.countBefore = new long[0];
        w.decreaseOpen = new Finding[0];
        w.decreaseLevel = new long[0];
        w.trailMillis = new long[0];
        w.trailCounts = new long[0];
        w.trailLength = new int[0];
        w.trailLast = new long[0];
        w.surgeOpen = new Finding[0];
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

    void addJump(int area, long checkpoint, Finding found) {
        int n = jumpArea.length;
        jumpArea = Arrays.copyOf(jumpArea, n + 1);
        jumpCheckpoint = Arrays.copyOf(jumpCheckpoint, n + 1);
        jumpOpen = Arrays.copyOf(jumpOpen, n + 1);
        jumpArea[n] = area;
        jumpCheckpoint[n] = checkpoint;
        jumpOpen[n] = found;
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

    /** A deep copy (the heap backend's copy-on-write during a checkpoint); findings are immutable and shared. */
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
        findings(out, overOpen);
        StateArrays.longs(out, overLastAt);
        StateArrays.longs(out, silenceLatest);
        StateArrays.ints(out, silenceOffset);
        StateArrays.longs(out, silenceDue);
        findings(out, silenceOpen);
        StateArrays.longs(out, countBefore);
        findings(out, decreaseOpen);
        StateArrays.longs(out, decreaseLevel);
        StateArrays.longs(out, trailMillis);
        StateArrays.longs(out, trailCounts);
        StateArrays.ints(out, trailLength);
        StateArrays.longs(out, trailLast);
        findings(out, surgeOpen);
        out.writeInt(jumpArea.length);
        for (int i = 0; i < jumpArea.length; i++) {
            out.writeInt(jumpArea[i]);
            out.writeLong(jumpCheckpoint[i]);
        }
        findings(out, jumpOpen);
        out.writeLong(nextTimer);
    }

    public static StationWatches read(DataInputView in) throws IOException {
        StationWatches w = new StationWatches();
        w.trailCapacity = in.readInt();
        w.overOpen = findings(in);
        w.overLastAt = StateArrays.longs(in);
        w.silenceLatest = StateArrays.longs(in);
        w.silenceOffset = StateArrays.ints(in);
        w.silenceDue = StateArrays.longs(in);
        w.silenceOpen = findings(in);
        w.countBefore = StateArrays.longs(in);
        w.decreaseOpen = findings(in);
        w.decreaseLevel = StateArrays.longs(in);
        w.trailMillis = StateArrays.longs(in);
        w.trailCounts = StateArrays.longs(in);
        w.trailLength = StateArrays.ints(in);
        w.trailLast = StateArrays.longs(in);
        w.surgeOpen = findings(in);
        int jumps = in.readInt();
        w.jumpArea = new int[jumps];
        w.jumpCheckpoint = new long[jumps];
        for (int i = 0; i < jumps; i++) {
            w.jumpArea[i] = in.readInt();
            w.jumpCheckpoint[i] = in.readLong();
        }
        w.jumpOpen = findings(in);
        w.nextTimer = in.readLong();
        return w;
    }

    /** Open episodes are few: written sparsely, as index and the finding's fields. */
    private static void findings(DataOutputView out, Finding[] a) throws IOException {
        out.writeInt(a.length);
        int open = 0;
        for (Finding x : a) {
            open += x == null ? 0 : 1;
        }
        out.writeInt(open);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                out.writeInt(i);
                writeFinding(out, a[i]);
            }
        }
    }

    private static Finding[] findings(DataInputView in) throws IOException {
        Finding[] a = new Finding[in.readInt()];
        int open = in.readInt();
        for (int k = 0; k < open; k++) {
            a[in.readInt()] = readFinding(in);
        }
        return a;
    }

    private static void writeFinding(DataOutputView out, Finding f) throws IOException {
        text(out, f.ruleId());
        text(out, f.kind());
        text(out, f.unitId());
        text(out, f.level());
        out.writeBoolean(f.isResolved());
        out.writeLong(f.startedMillis());
        out.writeInt(f.offsetSeconds());
        out.writeLong(f.endedMillis());
        out.writeInt(f.endedOffsetSeconds());
        decimal(out, f.value());
        decimal(out, f.threshold());
        Finding.Figures g = f.figures();
        text(out, g.source());
        out.writeLong(g.count());
        out.writeLong(g.before());
        out.writeLong(g.earlier());
        out.writeLong(g.list());
        out.writeLong(g.minutes());
        out.writeLong(g.checkpointMillis());
        decimal(out, g.turnoutPct());
        decimal(out, g.gapPoints());
        out.writeInt(g.peers());
        out.writeBoolean(g.heldBack());
    }

    private static Finding readFinding(DataInputView in) throws IOException {
        String ruleId = text(in);
        String kind = text(in);
        String unitId = text(in);
        String level = text(in);
        Finding.Phase phase = in.readBoolean() ? Finding.Phase.RESOLVED : Finding.Phase.FOUND;
        long started = in.readLong();
        int offset = in.readInt();
        long ended = in.readLong();
        int endedOffset = in.readInt();
        BigDecimal value = decimal(in);
        BigDecimal threshold = decimal(in);
        Finding.Figures figures = new Finding.Figures(text(in), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), decimal(in), decimal(in), in.readInt(), in.readBoolean());
        return new Finding(ruleId, kind, unitId, level, phase, started, offset, ended, endedOffset, value, threshold,
                figures);
    }

    private static void text(DataOutputView out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String text(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void decimal(DataOutputView out, BigDecimal d) throws IOException {
        text(out, d == null ? null : d.toPlainString());
    }

    private static BigDecimal decimal(DataInputView in) throws IOException {
        String s = text(in);
        return s == null ? null : new BigDecimal(s);
    }
}
