package vn.election.dashboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.api.AlertApi;
import vn.election.dashboard.api.CorrectionApi;
import vn.election.dashboard.api.OpsApi;
import vn.election.dashboard.api.UnitApi;
import vn.election.dashboard.auth.Access;
import vn.election.dashboard.auth.AccessGate;
import vn.election.dashboard.auth.AuthApi;
import vn.election.dashboard.auth.RequestAccess;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.feed.AckPublisher;
import vn.election.dashboard.feed.KafkaFeed;
import vn.election.dashboard.push.PushHub;
import vn.election.dashboard.state.DashboardState;
import vn.election.dashboard.web.HeadAsGet;
import vn.election.dashboard.web.JsonReply;
import vn.election.dashboard.web.OriginCheck;
import vn.election.dashboard.web.PageFiles;
import vn.election.dashboard.web.RequestTimer;
import vn.election.dashboard.web.SecurityHeaders;
import vn.election.edge.ClientGone;
import vn.election.edge.ConnectionGuard;
import vn.election.edge.EdgeConfig;
import vn.election.edge.EdgeMeters;

/**
 * The HTTP side of one dashboard instance on one event loop: REST (units, curves, areas, alerts),
 * /health, /metrics, the /ws websocket with its push timer, and the static page; its start completes
 * with the server's listen.
 */
final class DashboardVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);
    /** Client messages are a few dozen bytes; refuse anything that could cost memory. */
    private static final int MAX_CLIENT_MESSAGE = 4096;
    /**
     * The kernel's buffer per connection: a client that stops reading holds at most this much there
     * (plus Netty's 64 KiB watermark) before it counts as full and is skipped; without it, Linux grows
     * the buffer to megabytes per stalled screen.
     */
    static final int SEND_BUFFER_BYTES = 256 * 1024;

    private final DashboardConfig config;
    private final DashboardState state;
    private final KafkaFeed feed;
    private final PushHub hub;
    private final AckPublisher acks;
    private final DashboardMetrics metrics;
    private final Access access;
    private final RateLimitedLog originLog = new RateLimitedLog(LOG, Duration.ofSeconds(60));
    private final EdgeConfig edge;
    private HttpServer server;
    private ConnectionGuard guard;
    private AuthApi authApi;
    private long pushTimer = -1;

    DashboardVerticle(DashboardConfig config, EdgeConfig edge, DashboardState state, KafkaFeed feed, PushHub hub, AckPublisher acks,
                      DashboardMetrics metrics, Access access) {
        this.access = access;
        this.config = config;
        this.edge = edge;
        this.state = state;
        this.feed = feed;
        this.hub = hub;
        this.acks = acks;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(new HeadAsGet());
        // After HeadAsGet: a HEAD is rerouted as GET before this runs, so it is timed once.
        router.route().handler(new RequestTimer(metrics));
        router.route().handler(new SecurityHeaders());
        // Before every route: no data leaves without a scope (and, when logins are required, a session).
        router.route().handler(new AccessGate(access));
        authApi = new AuthApi(access, config.access().loginLimits());
        authApi.mount(router);
        new UnitApi(state.units(), state.history(), state.areas(), state.completions(), config).mount(router);
        new AlertApi(state.alerts(), acks, config.registry()).mount(router);
        new OpsApi(feed, state.units(), metrics, hub::clients).mount(router);
        new CorrectionApi(state.corrections(), config.registry()).mount(router);
        router.route("/api/*").handler(ctx -> JsonReply.error(ctx, 404, "no such endpoint"));
        router.get("/ws").handler(this::webSocket);
        PageFiles.mount(router);
        router.route().failureHandler(this::failure);

        // HTTP/1.1 only (ConnectionGuard.options): caps and deadlines hold from a connection's first moment.
        HttpServerOptions options = ConnectionGuard.options()
                .setCompressionSupported(true)
                .setSendBufferSize(SEND_BUFFER_BYTES)
                .setMaxWebSocketFrameSize(MAX_CLIENT_MESSAGE)
                .setMaxWebSocketMessageSize(MAX_CLIENT_MESSAGE);
        pushTimer = vertx.setPeriodic(config.pushInterval().toMillis(), id -> hub.tick());
        guard = new ConnectionGuard(vertx, edge, "dashboard");
        EdgeMeters.register(metrics.registry(), "dashboard", guard);
        return guard.install(vertx.createHttpServer(options), router)
                .listen(config.port(), config.host())
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(pushTimer);
        hub.closeAll();
        if (authApi != null) {
            authApi.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    int port() {
        return server == null ? -1 : server.actualPort();
    }

    private void webSocket(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!req.canUpgradeToWebSocket()) {
            ctx.response().putHeader("Upgrade", "websocket");
            JsonReply.error(ctx, 426, "this endpoint speaks WebSocket only");
            return;
        }
        String origin = req.getHeader("Origin");
        if (!OriginCheck.allowed(origin, req.authority(), req.isSSL())) {
            originLog.warn("Refused a websocket from origin " + origin + " to host " + req.authority(), null);
            JsonReply.error(ctx, 403, "websocket origin not allowed");
            return;
        }
        // The gate answered 401 before the upgrade when a session was needed and missing.
        Scope scope = RequestAccess.scope(ctx);
        // Kept to cut a stalled client off: a close frame cannot get through a full socket.
        io.vertx.core.http.HttpConnection connection = req.connection();
        req.toWebSocket()
                .onSuccess(ws -> {
                    guard.upgraded(req);
                    hub.add(ws, connection, scope);
                })
                .onFailure(e -> LOG.debug("Websocket handshake from {} failed: {}", req.remoteAddress(), e.toString()));
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().closed() || ClientGone.is(ctx.failure())) {
            // The client hung up or reset mid-request: nobody to answer and nothing wrong here (docs/security.md).
            LOG.debug("Client closed the connection during {} {}: {}", ctx.request().method(), ctx.request().path(),
                    String.valueOf(ctx.failure()));
            ctx.request().connection().close();
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonReply.error(ctx, status, status >= 500 ? "internal error" : "request failed");
    }
}
