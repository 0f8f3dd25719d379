package vn.election.jobs.records;

/** The figures of one unit at one moment, as the job emits them; the sink turns them into a unit snapshot. */
public record UnitUpdate(String unitId, UnitFigures figures) {
}
