package vn.election.dashboard.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing per login name and client address: after {@value #FREE_FAILURES} failures
 * each further attempt waits twice as long as the last (1 s, 2 s, ... at most 15 min); a success or
 * 15 minutes without failures forgets the key. In memory and per instance (a small, bounded map): with
 * several instances behind a balancer a guesser gets that many times the attempts, still far too few.
 */
public final class LoginThrottle {

    public static final int FREE_FAILURES = 5;
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int MAX_KEYS = 10_000;

    private record Failures(int count, Instant last) {
    }

    // Access order: when full, the key touched longest ago goes first.
    private final Map<String, Failures> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public static String key(String name, String address) {
        return (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)) + "|" + address;
    }

    /** How long the key must still wait before its next attempt, or empty when it may try now. */
    public synchronized Optional<Duration> waitFor(String key, Instant now) {
        Failures f = current(key, now);
        if (f == null || f.count() < FREE_FAILURES) {
            return Optional.empty();
        }
        Instant allowed = f.last().plus(delay(f.count()));
        return now.isBefore(allowed) ? Optional.of(Duration.between(now, allowed)) : Optional.empty();
    }

    public synchronized void failed(String key, Instant now) {
        Failures f = current(key, now);
        failures.put(key, new Failures(f == null ? 1 : f.count() + 1, now));
    }

    public synchronized void succeeded(String key) {
        failures.remove(key);
    }

    synchronized int size() {
        return failures.size();
    }

    private Failures current(String key, Instant now) {
        Failures f = failures.get(key);
        if (f != null && Duration.between(f.last(), now).compareTo(FORGET_AFTER) > 0) {
            failures.remove(key);
            return null;
        }
        return f;
    }

    static Duration delay(int failureCount) {
        int doublings = Math.min(failureCount - FREE_FAILURES, 20);
        Duration d = Duration.ofSeconds(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }
}
