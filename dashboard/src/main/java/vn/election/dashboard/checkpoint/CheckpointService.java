package vn.election.dashboard.checkpoint;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.RateLimitedLog;

/**
 * Runs the {@link CheckpointFreezer} on a thread of its own every few seconds, off the event loop (freezing the
 * nation's 11,000 units above the polling areas takes a moment), once the feed has caught up: before that the
 * frozen records already on the topic are not all read, and an instance would freeze again what is frozen.
 */
public final class CheckpointService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointService.class);
    static final Duration EVERY = Duration.ofSeconds(2);

    private final CheckpointFreezer freezer;
    private final CheckpointPublisher publisher;
    private final BooleanSupplier caughtUp;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(60));
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "checkpoint-freezer");
        t.setDaemon(true);
        return t;
    });

    public CheckpointService(CheckpointFreezer freezer, CheckpointPublisher publisher, BooleanSupplier caughtUp) {
        this.freezer = freezer;
        this.publisher = publisher;
        this.caughtUp = caughtUp;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::round, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        if (!caughtUp.getAsBoolean()) {
            return;
        }
        try {
            int n = freezer.runOnce(publisher);
            if (n > 0) {
                LOG.info("Froze a checkpoint: {} records published", n);
            }
        } catch (RuntimeException e) {
            // Kept for the next round: the records already written are harmless, the first of a key wins.
            failures.warn("Freezing a checkpoint failed, trying again in " + EVERY.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
