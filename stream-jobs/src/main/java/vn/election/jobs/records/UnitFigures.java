package vn.election.jobs.records;

import java.util.Arrays;

/**
 * The exact running figures of one unit inside the job: voters counted and on the list, how many
 * units at each depth below it are complete, how many polling areas have reported, and the latest
 * observation time in its subtree.
 *
 * @param completeByDepth indexed by registry depth; only depths below the unit's own are used
 * @param reporting polling areas in the subtree that have sent a reading (for a polling area: 0 or 1)
 * @param version rises with each snapshot emitted for the unit
 */
public record UnitFigures(long voted, long registered, long[] completeByDepth, long reporting,
                          long latestObservedMillis, int latestOffsetSeconds, long version) {

    /** Figures of a unit nobody has reported for yet. */
    public static UnitFigures empty(long registered, int depths) {
        return new UnitFigures(0, registered, new long[depths], 0, Long.MIN_VALUE, 0, 0);
    }

    public boolean complete() {
        return registered > 0 && voted >= registered;
    }

    public boolean hasObservation() {
        return latestObservedMillis != Long.MIN_VALUE;
    }

    public UnitFigures withVersion(long newVersion) {
        return new UnitFigures(voted, registered, completeByDepth, reporting, latestObservedMillis,
                latestOffsetSeconds, newVersion);
    }

    /** These figures with a child's change added. */
    public UnitFigures plus(UnitDelta d) {
        long[] complete = completeByDepth.clone();
        for (int i = 0; i < complete.length && i < d.completeByDepth().length; i++) {
            complete[i] += d.completeByDepth()[i];
        }
        boolean later = d.latestObservedMillis() > latestObservedMillis;
        return new UnitFigures(voted + d.voted(), registered + d.registered(), complete, reporting + d.reporting(),
                later ? d.latestObservedMillis() : latestObservedMillis,
                later ? d.latestOffsetSeconds() : latestOffsetSeconds, version);
    }

    /** Same figures, ignoring the version. */
    public boolean sameFigures(UnitFigures o) {
        return voted == o.voted && registered == o.registered && reporting == o.reporting
                && latestObservedMillis == o.latestObservedMillis && Arrays.equals(completeByDepth, o.completeByDepth);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitFigures f && sameFigures(f) && version == f.version
                && latestOffsetSeconds == f.latestOffsetSeconds;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(voted) * 31 + Arrays.hashCode(completeByDepth);
    }

    @Override
    public String toString() {
        return "UnitFigures{voted=" + voted + ", registered=" + registered + ", complete=" + Arrays.toString(completeByDepth)
                + ", reporting=" + reporting + ", version=" + version + "}";
    }
}
