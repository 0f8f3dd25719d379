package vn.election.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running dashboard instance: starts the units feed and the HTTP verticle from a
 * {@link DashboardConfig}, and stops both; the entry point for the launcher and for tests.
 */
public final class DashboardServer {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final Vertx vertx;
    private final String deploymentId;
    private final int port;
    private final UnitStore store;
    private final UnitsFeed feed;
    private final DashboardMetrics metrics;
    private Future<Void> closing;

    private DashboardServer(Vertx vertx, String deploymentId, int port, UnitStore store, UnitsFeed feed,
                            DashboardMetrics metrics) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
        this.store = store;
        this.feed = feed;
        this.metrics = metrics;
    }

    /**
     * Starts reading the units topic and listening; fails (with the host, port or Kafka address in the
     * message) if the consumer cannot be created or the port cannot be bound. The instance serves
     * at once; /health says 503 until it has caught up with the topic.
     */
    public static Future<DashboardServer> start(Vertx vertx, DashboardConfig config) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        UnitStore store = new UnitStore(config.registry());
        DashboardMetrics metrics = new DashboardMetrics();
        PushHub hub = new PushHub(store, metrics);
        UnitsFeed feed = new UnitsFeed(config, store, metrics);
        metrics.gauge("dashboard.websocket.clients", "Connected websocket clients", hub::clients);
        metrics.gauge("dashboard.units.known", "Units with at least one snapshot read", store::knownUnits);
        metrics.gauge("dashboard.units.caught.up", "1 once the units topic was read up to its end at start",
                () -> feed.caughtUp() ? 1 : 0);
        metrics.gauge("dashboard.units.lag", "Records of the units topic not read yet, as of the last check", feed::lag);
        if (!isLoopback(config.host())) {
            LOG.warn("Dashboard bound to {}, beyond loopback: this module has no login; put it behind one", config.host());
        }
        DashboardVerticle verticle = new DashboardVerticle(config, store, feed, hub, metrics);
        return vertx.executeBlocking(() -> {
                    feed.start();
                    return null;
                })
                .recover(e -> Future.failedFuture(new IllegalStateException("dashboard: cannot read " + feed.topic()
                        + " from Kafka at " + config.bootstrapServers() + ": " + e.getMessage(), e)))
                .compose(v -> vertx.deployVerticle(verticle)
                        .recover(e -> Future.failedFuture(new IllegalStateException("dashboard: cannot listen on "
                                + config.host() + ":" + config.port() + ": " + e.getMessage(), e))))
                .map(id -> new DashboardServer(vertx, id, verticle.port(), store, feed, metrics))
                .onSuccess(s -> LOG.info("Dashboard on http://{}:{}/ reading {}", config.host(), s.port(), feed.topic()))
                .recover(e -> vertx.executeBlocking(() -> {
                    feed.close();
                    metrics.close();
                    return null;
                }).transform(ignored -> Future.failedFuture(e)));
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return port;
    }

    /** The figures this instance serves. */
    public UnitStore store() {
        return store;
    }

    /** True once the units topic has been read up to the end it had when the instance started. */
    public boolean caughtUp() {
        return feed.caughtUp();
    }

    /** Stops listening, closes every websocket and stops the Kafka consumer thread; idempotent. */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = vertx.undeploy(deploymentId)
                    .eventually(() -> vertx.executeBlocking(() -> {
                        feed.close();
                        metrics.close();
                        return null;
                    }))
                    .mapEmpty();
        }
        return closing;
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
