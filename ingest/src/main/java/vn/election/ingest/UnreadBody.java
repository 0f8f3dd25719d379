package vn.election.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * What to do with the rest of a body that has been refused before it was read: read and drop it, so
 * the client gets to read the answer (closing a socket with unread data makes the kernel reset the
 * connection, and the client may see the reset instead of the answer) and the connection stays
 * usable; nothing is kept, so it costs no memory. Past {@link #DROP_LIMIT_FACTOR} times the body limit,
 * or when the body is still coming after the body deadline, the connection is closed instead.
 */
final class UnreadBody {

    /**
     * How much of a refused body is read and dropped, in body limits, before the connection is cut: enough
     * for a client that sends a 10 MB file whole before it reads the answer to see its 413 (a cut with
     * unread data is a reset, which loses the answer: seen once in three CI runs of the bad-request corpus).
     */
    static final int DROP_LIMIT_FACTOR = 16;

    private final Vertx vertx;
    private final long maxBodyBytes;
    private final Duration deadline;

    UnreadBody(Vertx vertx, long maxBodyBytes, Duration deadline) {
        this.vertx = vertx;
        this.maxBodyBytes = maxBodyBytes;
        this.deadline = deadline;
    }

    /** Drops whatever is left of the request's body (nothing when it has all arrived); the connection stays usable. */
    void drop(HttpServerRequest request) {
        drop(request, false);
    }

    /**
     * Drops the rest of the body, then closes the connection: for an answer that says
     * {@code Connection: close} (a body too large to be worth reading to its end).
     */
    void dropThenClose(RoutingContext ctx) {
        if (ctx.request().isEnded()) {
            ctx.addBodyEndHandler(v -> ctx.request().connection().close());
        } else {
            drop(ctx.request(), true);
        }
    }

    private void drop(HttpServerRequest request, boolean close) {
        if (request.isEnded()) {
            return;
        }
        long[] dropped = {0};
        // A refused sender that trickles would otherwise keep its connection for as long as it likes.
        long timer = vertx.setTimer(deadline.toMillis(), id -> request.connection().close());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > maxBodyBytes * DROP_LIMIT_FACTOR) {
                vertx.cancelTimer(timer);
                request.connection().close();
            }
        });
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            if (close) {
                request.connection().close();
            }
        });
        request.exceptionHandler(e -> vertx.cancelTimer(timer));
        request.resume();
    }
}
