package vn.election.jobs.records;

import java.util.Arrays;

/**
 * A change to pass up to a parent unit: what one child's figures moved by since it last reported up.
 * Deltas add up, so a parent needs no copy of its children; the child's own crossing of 100% arrives
 * as a ±1 at the child's depth.
 *
 * @param unitId the parent the change is for (the key of the next roll-up stage)
 */
public record UnitDelta(String unitId, long voted, long registered, long[] completeByDepth, long reporting,
                        long latestObservedMillis, int latestOffsetSeconds) {

    /** The change from {@code before} to {@code after} of a child at {@code childDepth}, addressed to its parent. */
    public static UnitDelta between(String parentId, int childDepth, UnitFigures before, UnitFigures after) {
        long[] complete = new long[after.completeByDepth().length];
        for (int i = childDepth + 1; i < complete.length; i++) {
            complete[i] = after.completeByDepth()[i] - before.completeByDepth()[i];
        }
        complete[childDepth] = (after.complete() ? 1 : 0) - (before.complete() ? 1 : 0);
        return new UnitDelta(parentId, after.voted() - before.voted(), after.registered() - before.registered(), complete,
                after.reporting() - before.reporting(), after.latestObservedMillis(), after.latestOffsetSeconds());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitDelta d && unitId.equals(d.unitId) && voted == d.voted && registered == d.registered
                && Arrays.equals(completeByDepth, d.completeByDepth) && reporting == d.reporting
                && latestObservedMillis == d.latestObservedMillis && latestOffsetSeconds == d.latestOffsetSeconds;
    }

    @Override
    public int hashCode() {
        return unitId.hashCode() * 31 + Long.hashCode(voted);
    }

    @Override
    public String toString() {
        return "UnitDelta{" + unitId + ", voted=" + voted + ", registered=" + registered + ", complete="
                + Arrays.toString(completeByDepth) + ", reporting=" + reporting + "}";
    }
}
