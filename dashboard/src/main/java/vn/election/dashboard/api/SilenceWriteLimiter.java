package vn.election.dashboard.api;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Silence writes (creations and expiries) per client, a signed-in name or an address: at most {@value #PER_MINUTE} a
 * minute, a Bucket4j token bucket, so one client's flood cannot fill the topic that every instance and the delivery
 * read from the start. In memory, per instance, at most {@value #MAX_CLIENTS} clients (the one seen longest ago goes).
 */
final class SilenceWriteLimiter {

    static final int PER_MINUTE = 60;
    static final int MAX_CLIENTS = 10_000;

    private final Map<String, Bucket> byClient = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    /** 0 when the client may write now, else the seconds to wait. */
    synchronized long admit(String client) {
        Bucket b = byClient.computeIfAbsent(client, k -> Bucket.builder()
                .addLimit(l -> l.capacity(PER_MINUTE).refillGreedy(PER_MINUTE, Duration.ofMinutes(1))).build());
        ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1));
    }
}
