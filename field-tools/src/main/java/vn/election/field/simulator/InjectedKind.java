package vn.election.field.simulator;

/**
 * What the simulator injected into a day: anomalies a detector should find, and faults of the real
 * world the pipeline must absorb without changing the final figures.
 */
public enum InjectedKind {
    /** Anomaly: a polling area counts more voters than its list. */
    OVER_100_PERCENT(true),
    /** Anomaly: a counter drops well below what it reported and stays there. */
    COUNTER_DECREASE(true),
    /** Anomaly: more voters in minutes than a polling area can process. */
    SURGE(true),
    /** Anomaly: a polling area sends nothing for hours while polls are open. */
    SILENT_STATION(true),
    /** Anomaly: a polling area jumps to exactly 100% just before a checkpoint. */
    JUMP_TO_100_BEFORE_CHECKPOINT(true),
    /** Anomaly: a whole province far behind its peers through the day. */
    LAGGING_PROVINCE(true),
    /** Fault: the same reading delivered twice. */
    DUPLICATE(false),
    /** Fault: readings held back, then delivered late and out of order. */
    DELAYED(false),
    /** Fault: nothing delivered for a while, then everything at once (observed on time). */
    SILENT_THEN_BURST(false),
    /** Fault: a mistyped count, corrected down by the next reading. */
    DOWNWARD_CORRECTION(false),
    /** Fact of the day: polls opened at 05:00. */
    EARLY_OPENING(false),
    /** Fact of the day: a remote area that voted days before election day. */
    VOTED_DAYS_EARLY(false),
    /** Fact of the day: the list size changed during the day. */
    LIST_CHANGE(false);

    private final boolean anomaly;

    InjectedKind(boolean anomaly) {
        this.anomaly = anomaly;
    }

    public boolean anomaly() {
        return anomaly;
    }
}
