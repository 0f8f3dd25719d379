package vn.election.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.auth.Access;
import vn.election.dashboard.checkpoint.CheckpointService;
import vn.election.dashboard.checkpoint.Checkpoints;
import vn.election.dashboard.feed.AckPublisher;
import vn.election.dashboard.feed.KafkaFeed;
import vn.election.dashboard.feed.SilencePublisher;
import vn.election.dashboard.feed.TopicHandlers;
import vn.election.dashboard.push.PushHub;
import vn.election.dashboard.state.AlertBoard;
import vn.election.dashboard.state.DashboardState;
import vn.election.dashboard.state.UnitStore;
import vn.election.edge.BindAddress;
import vn.election.edge.EdgeConfig;

/**
 * One running dashboard instance: starts the Kafka feed, the acknowledgement producer and the HTTP
 * verticle from a {@link DashboardConfig}, and stops them; the entry point for the launcher and for tests.
 */
public final class DashboardServer {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final Vertx vertx;
    private final String deploymentId;
    private final int port;
    private final DashboardState state;
    private final KafkaFeed feed;
    private final AckPublisher acks;
    private final SilencePublisher silences;
    private final PushHub hub;
    private final DashboardMetrics metrics;
    private final CheckpointService freezer;
    private Future<Void> closing;

    private DashboardServer(Vertx vertx, String deploymentId, int port, DashboardState state, KafkaFeed feed,
                            AckPublisher acks, SilencePublisher silences, PushHub hub, DashboardMetrics metrics,
                            CheckpointService freezer) {
        this.silences = silences;
        this.freezer = freezer;
        this.hub = hub;
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
        this.state = state;
        this.feed = feed;
        this.acks = acks;
        this.metrics = metrics;
    }

    /**
     * Starts reading the units topic and listening; fails (with the host, port or Kafka address in the
     * message) if the consumer cannot be created or the port cannot be bound. The instance serves
     * at once; /health says 503 until it has caught up with the topic.
     */
    public static Future<DashboardServer> start(Vertx vertx, DashboardConfig config) {
        return start(vertx, config, EdgeConfig.defaults(config.host()));
    }

    /** As {@link #start(Vertx, DashboardConfig)}, with the connection caps, deadlines and Host names of {@code edge}. */
    public static Future<DashboardServer> start(Vertx vertx, DashboardConfig config, EdgeConfig edge) {
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        DashboardState state = DashboardState.of(config.registry(), config.screen().zone());
        DashboardMetrics metrics = new DashboardMetrics();
        PushHub hub = new PushHub(state.units(), state.alerts(), state.corrections(), metrics, config.stalledAfter());
        Checkpoints checkpoints = Checkpoints.of(state, config);
        KafkaFeed feed = new KafkaFeed(config.bootstrapServers(), TopicHandlers.of(state, config.topicPrefix(), metrics,
                checkpoints.store()));
        AckPublisher acks;
        SilencePublisher silences;
        CheckpointService freezer;
        try {
            acks = new AckPublisher(config);
            silences = new SilencePublisher(config);
            freezer = checkpoints.service(feed::caughtUp);
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalStateException("dashboard: cannot create a Kafka producer for "
                    + config.bootstrapServers() + ": " + e.getMessage(), e));
        }
        metrics.gauge("dashboard.websocket.clients", "Connected websocket clients", hub::clients);
        metrics.gauge("dashboard.units.known", "Units with at least one snapshot read", state.units()::knownUnits);
        metrics.gauge("dashboard.units.caught.up", "1 once the followed topics were read up to their end at start",
                () -> feed.caughtUp() ? 1 : 0);
        metrics.gauge("dashboard.units.lag", "Records of the followed topics not read yet, as of the last check", feed::lag);
        metrics.gauge("dashboard.alerts.active", "Alert episodes pending, firing or recovering",
                () -> state.alerts().count(AlertBoard::active));
        metrics.gauge("dashboard.history.units", "Units with a turnout curve", state.history()::units);
        metrics.gauge("dashboard.corrections.kept", "Corrections on record kept for the API", state.corrections()::size);
        metrics.gauge("dashboard.corrections.dropped", "Corrections dropped, oldest first, to stay within the store's bound",
                state.corrections()::dropped);
        if (!BindAddress.isLoopback(config.host()) && config.access().usersFile() == null) {
            // docs/contract.md: bound to any other address than loopback, the dashboard requires a login.
            metrics.close();
            acks.close();
            silences.close();
            freezer.close();
            return Future.failedFuture(new IllegalStateException("dashboard: bound to " + config.host()
                    + ", beyond loopback, it requires logins: give a users file (run --users FILE or DASHBOARD_USERS_FILE; "
                    + "create users with 'election-day user add'), or bind to 127.0.0.1"));
        }
        List<String> unknown = config.screen().baseline().unknownIn(config.registry());
        if (!unknown.isEmpty()) {
            LOG.warn("The baseline names {} units that are not in the registry (for example {}); is it for another registry?",
                    unknown.size(), unknown.get(0));
        }
        DashboardVerticle[] verticle = new DashboardVerticle[1];
        // Reading the users file and preparing the dummy bcrypt hash block for a moment: not on an event loop.
        return vertx.executeBlocking(() -> Access.create(config.access(), config.registry(), Clock.systemUTC()))
                .recover(e -> Future.failedFuture(new IllegalStateException("dashboard: " + e.getMessage(), e)))
                .compose(access -> {
                    verticle[0] = new DashboardVerticle(config, edge, state, feed, hub, acks, silences, metrics, access, checkpoints);
                    return vertx.executeBlocking(() -> {
                                feed.start();
                                freezer.start();
                                return null;
                            })
                            .recover(e -> Future.failedFuture(new IllegalStateException("dashboard: cannot read "
                                    + feed.topics() + " from Kafka at " + config.bootstrapServers() + ": " + e.getMessage(), e)));
                })
                .compose(v -> vertx.deployVerticle(verticle[0])
                        .recover(e -> Future.failedFuture(new IllegalStateException("dashboard: cannot listen on "
                                + config.host() + ":" + config.port() + ": " + e.getMessage(), e))))
                .map(id -> new DashboardServer(vertx, id, verticle[0].port(), state, feed, acks, silences, hub, metrics, freezer))
                .onSuccess(s -> LOG.info("Dashboard on http://{}:{}/ reading {}", config.host(), s.port(), feed.topics()))
                .recover(e -> vertx.executeBlocking(() -> {
                    feed.close();
                    freezer.close();
                    acks.close();
                    silences.close();
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
        return state.units();
    }

    /** Everything the instance knows; for tests. */
    DashboardState state() {
        return state;
    }

    /** The websocket clients; for tests. */
    PushHub hub() {
        return hub;
    }

    /** The instance's Micrometer registry, scraped at /metrics: give it to components that run beside it. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    DashboardMetrics metrics() {
        return metrics;
    }

    /** True once the followed topics have been read up to the end they had when the instance started. */
    public boolean caughtUp() {
        return feed.caughtUp();
    }

    /** Stops listening, closes every websocket and stops the Kafka consumer thread; idempotent. */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = vertx.undeploy(deploymentId)
                    .eventually(() -> vertx.executeBlocking(() -> {
                        feed.close();
                        freezer.close();
                        acks.close();
                        silences.close();
                        metrics.close();
                        return null;
                    }))
                    .mapEmpty();
        }
        return closing;
    }
}
