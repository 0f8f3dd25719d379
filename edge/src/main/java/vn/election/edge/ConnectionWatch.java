package vn.election.edge;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * One connection's deadlines: since when it has been waiting for a request head, or which request it is
 * answering and since when. Touched only on the connection's event loop.
 */
final class ConnectionWatch {

    /** What a check found. */
    enum Overdue { NONE, HEAD, REQUEST, STOP }

    final HttpConnection connection;
    long timer = -1;
    private HttpServerRequest current;
    private long since;
    private boolean websocket;

    ConnectionWatch(HttpConnection connection, long nowNanos) {
        this.connection = connection;
        this.since = nowNanos;
    }

    void started(HttpServerRequest request, long nowNanos) {
        current = request;
        since = nowNanos;
    }

    void upgraded() {
        websocket = true;
    }

    /** Whether the connection has missed a deadline; an answered request starts the wait for the next head. */
    Overdue overdue(long nowNanos, EdgeConfig config) {
        if (websocket) {
            return Overdue.STOP;
        }
        if (current != null && current.response().ended()) {
            current = null;
            since = nowNanos;
        }
        long waited = nowNanos - since;
        if (current == null) {
            return waited > config.headerTimeout().toNanos() ? Overdue.HEAD : Overdue.NONE;
        }
        return waited > config.requestTimeout().toNanos() ? Overdue.REQUEST : Overdue.NONE;
    }
}
