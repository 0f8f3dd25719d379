package vn.election.ingest.simulator;

/**
 * The share of a polling area's final voters who have voted, by hours since polls opened: a strong
 * morning peak (most Vietnamese voters vote early) plus a steady trickle until close.
 */
public final class TurnoutCurve {

    /** Voters who come in the morning wave, and how fast that wave arrives (hours). */
    private static final double MORNING_SHARE = 0.62;
    private static final double MORNING_HOURS = 1.3;
    private static final double DAY_HOURS = 10.0;

    private TurnoutCurve() {
    }

    /** Cumulative share in [0, 1] after {@code hours} hours of voting; 0 before opening, 1 from the end of the day. */
    public static double share(double hours) {
        if (hours <= 0) {
            return 0;
        }
        double share = MORNING_SHARE * (1 - Math.exp(-hours / MORNING_HOURS))
                + (1 - MORNING_SHARE) * Math.min(1, hours / DAY_HOURS);
        return Math.min(1, share / (MORNING_SHARE * (1 - Math.exp(-DAY_HOURS / MORNING_HOURS)) + (1 - MORNING_SHARE)));
    }
}
