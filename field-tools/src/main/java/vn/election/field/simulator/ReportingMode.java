package vn.election.field.simulator;

/** How polling areas report: election teams at checkpoints, or poll-book devices one reading per voter. */
public enum ReportingMode {
    /** Cumulative counts every 15–60 minutes and at the 9, 11, 13, 15, 17 h checkpoints. */
    CHECKPOINTS,
    /** One reading per voter from each poll-book device (source {@code device-N}). */
    CHECKINS
}
