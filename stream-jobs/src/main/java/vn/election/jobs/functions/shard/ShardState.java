package vn.election.jobs.functions.shard;

import java.util.Arrays;

/**
 * Everything the sharded hot path keeps for one shard, as primitive arrays indexed like {@link ShardPlan.Shard}:
 * each polling area's count, list and sources (latest seq and count, a linked list per area), the areas'
 * figures last emitted, the inner units' running figures (communes, districts, the shard itself), and the
 * shard's figures last passed up. One state value per shard, so a reading costs one state look-up; written
 * by {@link ShardStateSerializer}.
 *
 * <p>Mutated in place after {@code ValueState.value()}: the heap state backend copies a value with the
 * serializer before handing it out while a checkpoint still holds it, so a running snapshot never sees a later
 * change (the job sets the heap backend for this reason).
 */
public final class ShardState {

    static final long NEVER = Long.MIN_VALUE;
    static final long LONG_NAME = -1;

    // Polling areas, indexed by area.
    public long[] voted;
    public long[] registered;
    /** When the list size in force was observed, or NEVER while it is the registry's. */
    public long[] listAsOf;
    public long[] latest;
    /** The earliest observation of an accepted reading, or NEVER: when the area counts as reporting, in the curves. */
    public long[] firstObserved;
    public int[] offset;
    public boolean[] reported;
    public long[] flushedVoted;
    public long[] flushedRegistered;
    public long[] flushedLatest;
    public boolean[] flushedReported;
    /** Areas changed since the last tick, in arrival order, and a flag per area to list each once. */
    public int[] dirty;
    public int dirtyCount;
    public boolean[] isDirty;

    // Sources of the areas: a linked list per area (first, next), latest seq and count each.
    public int[] firstSource;
    public String[] sourceName;
    /** The name packed into a long when it is at most 7 ASCII characters ("main", "mobile"), else {@link #LONG_NAME}. */
    public long[] sourceCode;
    public long[] sourceSeq;
    public long[] sourceVoted;
    public int[] nextSource;
    public int sourceCount;

    // Inner units (unit 0 is the shard), indexed by unit; completeByDepth is unit * depths + depth.
    public long[] unitVoted;
    public long[] unitRegistered;
    public long[] unitReporting;
    public long[] unitLatest;
    public int[] unitOffset;
    public long[] unitComplete;
    public boolean[] unitWasComplete;
    public boolean[] unitDirty;

    // The shard's figures as last passed up to its parent.
    public long upVoted;
    public long upRegistered;
    public long upReporting;
    public long upLatest;
    public long[] upComplete;
    public boolean upWasComplete;

    /** The exact event-time curves of the inner units (and the areas, when their curves are asked for). */
    public vn.election.jobs.functions.curve.CurveBook curves;
    /** Curve units (inner units, then areas) changed since their last open point, listed once each. */
    public int[] openUnits;
    public int openCount;
    public boolean[] isOpen;
    /** The bucket whose closing timer was registered last (a cache: Flink keeps one timer per time anyway). */
    public long curveTimerBucket = NEVER;

    /** The station anomaly detectors' fields for the same areas and sources. */
    public vn.election.jobs.functions.detect.StationWatches watches;

    /** The version of the last tick's snapshots: rises with each tick, never below the clock. */
    public long version;
    /** The processing-time tick registered, or 0 for none. */
    public long tickAt;

    /** Makes the detectors' fields for a shard's areas and sources (the detectors' own sizing, kept out of this class). */
    @FunctionalInterface
    public interface WatchesFactory {
        vn.election.jobs.functions.detect.StationWatches fresh(int areas, int sources);
    }

    /** A shard nobody has reported for: lists as the registry gives them, nothing counted. */
    public static ShardState fresh(ShardPlan.Shard shard, int depths, WatchesFactory detectors,
                                   vn.election.jobs.functions.history.HistoryConfig history) {
        ShardState s = new ShardState();
        int areas = shard.areaCount();
        int units = shard.unitCount();
        s.voted = new long[areas];
        s.registered = shard.areaListFromRegistry.clone();
        s.listAsOf = filled(areas, NEVER);
        s.latest = filled(areas, NEVER);
        s.firstObserved = filled(areas, NEVER);
        s.offset = new int[areas];
        s.reported = new boolean[areas];
        s.flushedVoted = new long[areas];
        s.flushedRegistered = shard.areaListFromRegistry.clone();
        s.flushedLatest = filled(areas, NEVER);
        s.flushedReported = new boolean[areas];
        s.dirty = new int[areas];
        s.isDirty = new boolean[areas];
        s.firstSource = new int[areas];
        Arrays.fill(s.firstSource, -1);
        int sources = areas + 4;
        s.sourceName = new String[sources];
        s.sourceCode = new long[sources];
        s.sourceSeq = new long[sources];
        s.sourceVoted = new long[sources];
        s.nextSource = new int[sources];
        s.unitVoted = new long[units];
        s.unitRegistered = shard.unitListFromRegistry.clone();
        s.unitReporting = new long[units];
        s.unitLatest = filled(units, NEVER);
        s.unitOffset = new int[units];
        s.unitComplete = new long[units * depths];
        s.unitWasComplete = new boolean[units];
        s.unitDirty = new boolean[units];
        s.upRegistered = shard.unitListFromRegistry[0];
        s.upLatest = NEVER;
        s.upComplete = new long[depths];
        s.watches = detectors.fresh(areas, sources);
        long[] lists = shard.unitListFromRegistry;
        if (history.pollingAreas()) {
            lists = Arrays.copyOf(lists, units + areas);
            System.arraycopy(shard.areaListFromRegistry, 0, lists, units, areas);
        }
        s.openUnits = new int[units + areas];
        s.isOpen = new boolean[units + areas];
        s.curves = vn.election.jobs.functions.curve.CurveBook.fresh(lists, history.bucketsPerHour(), history.maxGapFill(),
                history.amendBuckets());
        return s;
    }

    /** A unit is complete when its list is not empty and everyone on it has voted (as UnitFigures.complete). */
    static boolean complete(long voted, long registered) {
        return registered > 0 && voted >= registered;
    }

    /**
     * The source of {@code area} with this name, or -1. Short names are compared by their packed code, so a
     * reading's source is found without reading the stored name (a cache miss per reading, in the profile).
     */
    int source(int area, String name) {
        long code = code(name);
        for (int s = firstSource[area]; s >= 0; s = nextSource[s]) {
            if (sourceCode[s] == code && (code != LONG_NAME || sourceName[s].equals(name))) {
                return s;
            }
        }
        return -1;
    }

    /** A name of 1 to 7 ASCII characters as a positive long (one byte a character), else LONG_NAME. */
    static long code(String name) {
        int n = name.length();
        if (n == 0 || n > 7) {
            return LONG_NAME;
        }
        long code = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == 0 || c > 127) {
                return LONG_NAME;
            }
            code = code << 8 | c;
        }
        return code;
    }

    /** Adds a source to {@code area} with no reading yet; returns its index. */
    int addSource(int area, String name) {
        if (sourceCount == sourceName.length) {
            int grown = sourceCount + Math.max(4, sourceCount / 2);
            sourceName = Arrays.copyOf(sourceName, grown);
            sourceCode = Arrays.copyOf(sourceCode, grown);
            sourceSeq = Arrays.copyOf(sourceSeq, grown);
            sourceVoted = Arrays.copyOf(sourceVoted, grown);
            nextSource = Arrays.copyOf(nextSource, grown);
            watches.growSources(grown);
        }
        int s = sourceCount++;
        sourceName[s] = name;
        sourceCode[s] = code(name);
        sourceSeq[s] = 0;
        sourceVoted[s] = 0;
        nextSource[s] = firstSource[area];
        firstSource[area] = s;
        return s;
    }

    /** Lists a curve unit for the next open points. */
    void markOpen(int unit) {
        if (!isOpen[unit]) {
            isOpen[unit] = true;
            openUnits[openCount++] = unit;
        }
    }

    void markDirty(int area) {
        if (!isDirty[area]) {
            isDirty[area] = true;
            dirty[dirtyCount++] = area;
        }
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
