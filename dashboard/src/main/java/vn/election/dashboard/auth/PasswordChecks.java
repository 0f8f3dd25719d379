package vn.election.dashboard.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that run bcrypt for logins, apart from Vert.x's shared worker pool: a fixed number of
 * threads and a bounded queue, so a check beyond them is refused at once ({@link RejectedExecutionException})
 * rather than queued for as long as a flood lasts, and other blocking work never waits behind bcrypt.
 */
public final class PasswordChecks implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    public PasswordChecks(LoginLimits limits) {
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // A queue of 0 is allowed: then only free threads take checks.
        this.pool = new ThreadPoolExecutor(limits.checkThreads(), limits.checkThreads(), 0, TimeUnit.MILLISECONDS,
                limits.checkQueue() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(limits.checkQueue()),
                r -> {
                    Thread t = new Thread(r, "login-check-" + id + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs the check on a pool thread; throws {@link RejectedExecutionException} at once when all threads and the queue are taken. */
    public <T> CompletableFuture<T> submit(Supplier<T> check) {
        return CompletableFuture.supplyAsync(check, pool);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
