package vn.election.jobs.records;

/**
 * One unit's state in a coalescing stage, kept as a single value so each input costs one state look-up:
 * the exact figures now, the figures last passed up, and when the pending flush is due (0: none).
 */
public record CoalescedFigures(UnitFigures current, UnitFigures flushed, long flushAt) {

    public boolean flushPending() {
        return flushAt != 0;
    }
}
