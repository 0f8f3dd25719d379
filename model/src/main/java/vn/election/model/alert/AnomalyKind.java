package vn.election.model.alert;

/** The anomaly kinds the turnout job detects; an alert's {@code kind} is one of these names. */
public enum AnomalyKind {
    /** A polling area counted more voters than its list. */
    OVER_100_PERCENT,
    /** A counter went below both of its two previous counts (a corrected typo is not one). */
    COUNTER_DECREASE,
    /** More voters in minutes than a polling area can process. */
    SURGE,
    /** No reading for a long time while polls are open. */
    SILENT_STATION,
    /** A jump to 100% just before a checkpoint. */
    JUMP_TO_100_BEFORE_CHECKPOINT,
    /** A unit far below its siblings at the same time. */
    LAGGING_PEERS,
    /** A unit below the turnout target at close. */
    BELOW_TARGET_AT_CLOSE,
    /** A unit below a rule's turnout at a time of day (a checkpoint of the target curve); rules only. */
    TURNOUT_BELOW
}
