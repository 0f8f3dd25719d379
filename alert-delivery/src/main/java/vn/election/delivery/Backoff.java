package vn.election.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays: exponential backoff with full jitter. Attempt n (from 1) waits a uniformly random time
 * in {@code [0, min(max, initial * 2^(n-1))]}, so many failing notifications do not retry in lockstep.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The upper bound of the delay after failed attempt {@code attempt} (1 = the first attempt). */
    long capMillis(int attempt) {
        long cap = initialMillis;
        for (int i = 1; i < attempt && cap < maxMillis; i++) {
            cap *= 2;
        }
        return Math.min(cap, maxMillis);
    }

    /** The delay before the retry that follows failed attempt {@code attempt}. */
    Duration delay(int attempt) {
        return Duration.ofMillis(random.nextLong(capMillis(attempt) + 1));
    }
}
