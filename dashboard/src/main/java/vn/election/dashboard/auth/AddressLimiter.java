package vn.election.dashboard.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Login attempts per client address: at most {@link LoginLimits#concurrentPerAddress()} password checks at
 * once and {@link LoginLimits#attemptsPerMinute()} a minute (a Bucket4j token bucket); an address over
 * either is refused with the seconds to wait. In memory, per instance, at most {@value #MAX_ADDRESSES}
 * addresses (the one touched longest ago is forgotten first).
 */
public final class AddressLimiter {

    static final int MAX_ADDRESSES = 10_000;

    /** What an address was told: let in (then {@link #release} once its check is done) or refused. */
    public record Admission(boolean admitted, String refusal, long retryAfterSeconds) {

        public static final String TOO_MANY_AT_ONCE = "too_many_parallel_logins_from_address";
        public static final String TOO_MANY_PER_MINUTE = "too_many_logins_from_address";

        static final Admission IN = new Admission(true, null, 0);
    }

    private static final class PerAddress {
        final Bucket attempts;
        int inFlight;

        PerAddress(Bucket attempts) {
            this.attempts = attempts;
        }
    }

    private final LoginLimits limits;
    // Access order: when full, the address touched longest ago goes first.
    private final Map<String, PerAddress> byAddress = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PerAddress> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public AddressLimiter(LoginLimits limits) {
        this.limits = limits;
    }

    /** Lets a check of this address start, or says why not and for how long to wait. */
    public synchronized Admission admit(String address) {
        PerAddress a = byAddress.computeIfAbsent(address, k -> new PerAddress(Bucket.builder()
                .addLimit(l -> l.capacity(limits.attemptsPerMinute()).refillGreedy(limits.attemptsPerMinute(), Duration.ofMinutes(1)))
                .build()));
        if (a.inFlight >= limits.concurrentPerAddress()) {
            // Refused before a token is taken: waiting for one's own checks is not an attempt.
            return new Admission(false, Admission.TOO_MANY_AT_ONCE, 1);
        }
        ConsumptionProbe probe = a.attempts.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long nanos = probe.getNanosToWaitForRefill();
            long seconds = Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
            return new Admission(false, Admission.TOO_MANY_PER_MINUTE, seconds);
        }
        a.inFlight++;
        return Admission.IN;
    }

    /** The end of a check that {@link #admit} let in (answered, failed or refused by the pool). */
    public synchronized void release(String address) {
        PerAddress a = byAddress.get(address);
        if (a != null && a.inFlight > 0) {
            a.inFlight--;
        }
    }

    synchronized int inFlight(String address) {
        PerAddress a = byAddress.get(address);
        return a == null ? 0 : a.inFlight;
    }
}
