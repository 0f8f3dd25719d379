package vn.election.field.simulator;

/**
 * The share of a polling area's final voters who have voted, by hours since polls opened: a strong
 * morning peak (most Vietnamese voters vote early) plus a steady trickle until close; and its inverse,
 * for placing individual check-ins in time.
 */
public final class TurnoutCurve {

    /** Voters who come in the morning wave, and how fast that wave arrives (hours). */
    private static final double MORNING_SHARE = 0.62;
    private static final double MORNING_HOURS = 1.3;
    private static final double DAY_HOURS = 10.0;
    private static final double NORMALISER = MORNING_SHARE * (1 - Math.exp(-DAY_HOURS / MORNING_HOURS)) + (1 - MORNING_SHARE);

    private TurnoutCurve() {
    }

    /** Cumulative share in [0, 1] after {@code hours} hours of voting; 0 before opening, 1 from the end of the day. */
    public static double share(double hours) {
        if (hours <= 0) {
            return 0;
        }
        if (hours >= DAY_HOURS) {
            return 1;
        }
        double share = MORNING_SHARE * (1 - Math.exp(-hours / MORNING_HOURS)) + (1 - MORNING_SHARE) * hours / DAY_HOURS;
        return Math.min(1, share / NORMALISER);
    }

    /** Hours after opening by which {@code share} of the voters have voted (bisection; the curve is increasing). */
    public static double hoursFor(double share) {
        if (share <= 0) {
            return 0;
        }
        if (share >= 1) {
            return DAY_HOURS;
        }
        double lo = 0;
        double hi = DAY_HOURS;
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            if (share(mid) < share) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
