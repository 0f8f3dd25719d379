package vn.election.field.registry;

import java.util.Arrays;

/**
 * Whole-number sharing: a total and weights in, one count per weight out that adds up to the total
 * exactly (largest-remainder rounding, in integer arithmetic so every platform gives the same answer).
 */
final class Apportion {

    /** Weights of random draws are scaled to this before integer arithmetic. */
    private static final double WEIGHT_SCALE = 1 << 30;

    private Apportion() {
    }

    /**
     * Shares {@code total} among the weights: each share is at least {@code min}, and what is left
     * above the minimums goes proportionally to the weights; ties go to the lower index.
     */
    static long[] largestRemainder(long total, long[] weights, long min) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("nothing to share " + total + " among");
        }
        long rest = total - Math.multiplyExact(min, (long) n);
        if (rest < 0) {
            throw new IllegalArgumentException("cannot give " + n + " parts at least " + min + " each out of " + total);
        }
        long sum = 0;
        for (long w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            sum = Math.addExact(sum, w);
        }
        if (sum == 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
        long[] shares = new long[n];
        long[] remainders = new long[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            long product = Math.multiplyExact(rest, weights[i]);
            shares[i] = product / sum;
            remainders[i] = product % sum;
            given += shares[i];
        }
        long left = rest - given;
        if (left > 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> remainders[a] != remainders[b]
                    ? Long.compare(remainders[b], remainders[a]) : Integer.compare(a, b));
            for (int k = 0; k < left; k++) {
                shares[order[k]]++;
            }
        }
        for (int i = 0; i < n; i++) {
            shares[i] += min;
        }
        return shares;
    }

    /** The same with positive real weights (random draws), turned into integers first. */
    static long[] largestRemainder(long total, double[] weights, long min) {
        double max = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("bad weight " + w);
            }
            max = Math.max(max, w);
        }
        long[] scaled = new long[weights.length];
        for (int i = 0; i < weights.length; i++) {
            scaled[i] = max == 0 ? 1 : Math.round(weights[i] / max * WEIGHT_SCALE);
        }
        return largestRemainder(total, scaled, min);
    }

    /**
     * Moves every value into {@code [lo, hi]} while keeping their sum: values beyond a bound are cut
     * back to it and the difference is spread one at a time over the values that still have room.
     */
    static void clampKeepingSum(long[] values, long lo, long hi) {
        long target = 0;
        for (long v : values) {
            target += v;
        }
        if (target < lo * values.length || target > hi * values.length) {
            throw new IllegalArgumentException("a sum of " + target + " cannot be made of " + values.length
                    + " values within " + lo + ".." + hi);
        }
        long diff = target;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(lo, Math.min(hi, values[i]));
            diff -= values[i];
        }
        while (diff != 0) {
            for (int i = 0; i < values.length && diff != 0; i++) {
                if (diff > 0 && values[i] < hi) {
                    values[i]++;
                    diff--;
                } else if (diff < 0 && values[i] > lo) {
                    values[i]--;
                    diff++;
                }
            }
        }
    }
}
