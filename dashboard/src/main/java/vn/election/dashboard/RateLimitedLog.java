package vn.election.dashboard;

import java.time.Duration;
import org.slf4j.Logger;

/** Writes a warning at most once per interval and counts the ones it held back, so a flood of bad records cannot flood the log. */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    public synchronized void warn(String message, Throwable cause) {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        String tail = suppressed > 0 ? " (" + suppressed + " similar warnings suppressed)" : "";
        if (cause == null) {
            log.warn("{}{}", message, tail);
        } else {
            log.warn("{}{}: {}", message, tail, cause.getMessage());
        }
        logged = true;
        lastNanos = now;
        suppressed = 0;
    }
}
