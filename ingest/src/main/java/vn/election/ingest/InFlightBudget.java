package vn.election.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded budget of work in flight, so memory does not grow with load: readings handed to Kafka
 * but not yet acknowledged, and request-body bytes being received or held; a request that does not
 * fit is shed (429) at once instead of queued. Thread-safe, lock-free.
 */
final class InFlightBudget {

    private final long maxReadings;
    private final long maxBytes;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    InFlightBudget(long maxReadings, long maxBytes) {
        this.maxReadings = maxReadings;
        this.maxBytes = maxBytes;
    }

    /** Takes {@code n} readings if they fit under the limit; false (and nothing taken) otherwise. */
    boolean tryAcquireReadings(long n) {
        return tryAcquire(readings, n, maxReadings);
    }

    void releaseReadings(long n) {
        readings.addAndGet(-n);
    }

    /** Takes {@code n} bytes if they fit under the limit; false (and nothing taken) otherwise. */
    boolean tryAcquireBytes(long n) {
        return tryAcquire(bytes, n, maxBytes);
    }

    void releaseBytes(long n) {
        bytes.addAndGet(-n);
    }

    long readingsInFlight() {
        return readings.get();
    }

    long bytesInFlight() {
        return bytes.get();
    }

    long maxReadings() {
        return maxReadings;
    }

    long maxBytes() {
        return maxBytes;
    }

    private static boolean tryAcquire(AtomicLong counter, long n, long max) {
        while (true) {
            long current = counter.get();
            if (current + n > max) {
                return false;
            }
            if (counter.compareAndSet(current, current + n)) {
                return true;
            }
        }
    }
}
