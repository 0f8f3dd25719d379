package vn.election.edge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import vn.election.model.json.Json;

/**
 * Stands between the network and a server's routes (docs/security.md): closes a new connection at once when
 * the server or its remote address already holds its cap, closes a connection that does not send a complete
 * request head in time (slow headers, or idle between requests) or whose request is not answered in time
 * (slow bodies), and answers 421 to a Host header outside the allow-list, before any route sees it.
 * Thread-safe: the counts are shared; each connection's watch lives on its own event loop.
 */
public final class ConnectionGuard {

    /** How often each connection's deadlines are checked: the deadlines hold to within this. */
    private static final long CHECK_MILLIS = 1_000;

    private final Vertx vertx;
    private final EdgeConfig config;
    private final ConnectionCount count;
    private final AtomicBoolean gateInstalled = new AtomicBoolean();
    private final ConcurrentHashMap<HttpConnection, ConnectionWatch> watches = new ConcurrentHashMap<>();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder misdirected = new LongAdder();

    /**
     * @param server the server's name in logs ("ingest", "dashboard")
     */
    public ConnectionGuard(Vertx vertx, EdgeConfig config, String server) {
        this.vertx = vertx;
        this.config = config;
        this.count = new ConnectionCount(config, server);
    }

    /**
     * Options for a guarded server: HTTP/1.1 only, since with cleartext HTTP/2 detection on a connection
     * is announced only after its first bytes, so an idle or slow one would escape the caps and deadlines
     * (and a refused request's unread body is handled per connection, which would cut every h2c stream).
     */
    public static HttpServerOptions options() {
        return new HttpServerOptions().setHttp2ClearTextEnabled(false);
    }

    /** Puts the guard in front of {@code routes} on {@code http} (made from {@link #options()}): its connection and request handlers. */
    public HttpServer install(HttpServer http, Handler<HttpServerRequest> routes) {
        http.connectionHandler(this::opened);
        http.requestHandler(request -> request(request, routes));
        return http;
    }

    /**
     * Tells the guard that {@code request} became a websocket: its connection is no longer held to the
     * request deadline (the websocket's own keep-alive and slow-client rules apply).
     */
    public void upgraded(HttpServerRequest request) {
        ConnectionWatch watch = watches.get(request.connection());
        if (watch != null) {
            watch.upgraded();
        }
    }

    /** Connections open now. */
    public int open() {
        return count.open();
    }

    /** Connections closed at once because a cap was reached, since the start. */
    public long refused() {
        return count.refused();
    }

    /** Connections closed because a head or a request was not complete in time, since the start. */
    public long timedOut() {
        return timedOut.sum();
    }

    /** Requests answered 421 because of their Host header, since the start. */
    public long misdirected() {
        return misdirected.sum();
    }

    public EdgeConfig config() {
        return config;
    }

    private void opened(HttpConnection connection) {
        Channel channel = connection instanceof ConnectionBase base ? base.channel() : null;
        String address;
        boolean countedHere;
        if (channel != null && channel.hasAttr(AcceptGate.ADMITTED)) {
            address = AcceptGate.addressOf(channel);
            countedHere = false;
        } else {
            // Accepted before the gate stood on the listening socket (the first connections), or a Vert.x
            // whose connections are not Netty channels: counted here, and refused here.
            if (channel != null) {
                installGate(channel.parent());
            }
            address = addressOf(connection.remoteAddress());
            if (!count.tryAdmit(address)) {
                connection.close();
                return;
            }
            countedHere = true;
        }
        ConnectionWatch watch = new ConnectionWatch(connection, System.nanoTime());
        watches.put(connection, watch);
        connection.closeHandler(v -> closed(connection, countedHere ? address : null, watch));
        watch.timer = vertx.setPeriodic(CHECK_MILLIS, id -> check(watch));
    }

    /** Puts the gate on the listening socket once: from then on, connections over a cap never reach an event loop. */
    private void installGate(Channel listening) {
        if (listening != null && gateInstalled.compareAndSet(false, true)) {
            listening.pipeline().addFirst("election-day-accept-gate", new AcceptGate(count));
        }
    }

    private void closed(HttpConnection connection, String countedAddress, ConnectionWatch watch) {
        if (watches.remove(connection) == null) {
            return;
        }
        if (watch.timer >= 0) {
            vertx.cancelTimer(watch.timer);
        }
        if (countedAddress != null) {
            count.release(countedAddress);
        }
    }

    private void check(ConnectionWatch watch) {
        long now = System.nanoTime();
        switch (watch.overdue(now, config)) {
            case NONE -> { }
            case STOP -> {
                vertx.cancelTimer(watch.timer);
                watch.timer = -1;
            }
            case HEAD, REQUEST -> {
                timedOut.increment();
                watch.connection.close();
            }
        }
    }

    private void request(HttpServerRequest request, Handler<HttpServerRequest> routes) {
        ConnectionWatch watch = watches.get(request.connection());
        if (watch != null) {
            watch.started(request, System.nanoTime());
        }
        String host = request.getHeader("Host");
        if (!config.hosts().allows(host)) {
            misdirected.increment();
            String shown = host == null ? "(none)" : host.length() > 100 ? host.substring(0, 100) + "…" : host;
            String message = "this server does not answer to the host name " + shown + "; use one of "
                    + String.join(", ", config.hosts().names()) + " (or configure its public names: docs/security.md)";
            ObjectNode body = Json.MAPPER.createObjectNode().put("error", message);
            // Both servers' error shapes: the dashboard's "error", the ingest gateway's "errors" list.
            body.putArray("errors").addObject().put("index", -1).put("field", "Host").put("message", message);
            request.response().setStatusCode(421).putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Connection", "close").putHeader("Cache-Control", "no-store").end(body.toString());
            return;
        }
        routes.handle(request);
    }

    private static String addressOf(SocketAddress address) {
        if (address == null) {
            return "?";
        }
        String host = address.hostAddress();
        return host == null ? String.valueOf(address) : host;
    }
}
