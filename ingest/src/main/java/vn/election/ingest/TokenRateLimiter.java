package vn.election.ingest;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-token rate limits in readings per second: a Bucket4j token bucket per token that holds a burst
 * of {@value #BURST_SECONDS} seconds' worth (at least one full batch) and refills greedily; in: a
 * grant and a batch size, out: 0 when taken, else the seconds to wait for {@code Retry-After}.
 */
final class TokenRateLimiter {

    /** How many seconds of its rate a quiet token may send at once. */
    static final int BURST_SECONDS = 10;

    private final int maxBatch;
    private final TimeMeter time;
    // Keyed by token id and rate, so a rate changed in the store gets a fresh bucket at the new rate.
    // Bounded by the number of tokens ever seen, a few hundred thousand small objects at most.
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenRateLimiter(int maxBatch, TimeMeter time) {
        this.maxBatch = maxBatch;
        this.time = time;
    }

    /** With the JVM's nanosecond clock. */
    TokenRateLimiter(int maxBatch) {
        this(maxBatch, TimeMeter.SYSTEM_NANOTIME);
    }

    /** The most readings a token of {@code rate} per second may send at once. */
    long burst(int rate) {
        return Math.max(maxBatch, (long) rate * BURST_SECONDS);
    }

    /** Takes {@code readings} from the token's bucket: 0 when taken, else whole seconds to wait (at least 1). */
    long tryTake(IngestTokens.Grant grant, int readings) {
        if (!grant.limited()) {
            return 0;
        }
        ConsumptionProbe probe = bucket(grant).tryConsumeAndReturnRemaining(readings);
        if (probe.isConsumed()) {
            return 0;
        }
        // Rounded up: a client that waits exactly Retry-After seconds then finds enough in the bucket.
        long nanos = probe.getNanosToWaitForRefill();
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** Gives back what {@link #tryTake} took, for a batch that Kafka then refused (503): a resend must not pay twice. */
    void giveBack(IngestTokens.Grant grant, int readings) {
        if (grant.limited()) {
            bucket(grant).addTokens(readings);
        }
    }

    private Bucket bucket(IngestTokens.Grant grant) {
        int rate = grant.ratePerSecond();
        return buckets.computeIfAbsent(grant.id() + "@" + rate, key -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burst(rate)).refillGreedy(rate, java.time.Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build());
    }
}
