package vn.election.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.edge.ClientGone;
import vn.election.edge.ConnectionGuard;
import vn.election.edge.EdgeConfig;
import vn.election.model.json.Json;

/**
 * The ingest HTTP gateway: reporting units POST readings (JSON or CSV, or through the report form at
 * {@code GET /report}), which go to Kafka's readings topic; also {@code GET /api/v1/scope},
 * {@code GET /health} and {@code GET /metrics}. Started with {@link #start}, stopped with {@link #close()}.
 */
public final class IngestServer {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    // Longer than the slowest answer (max.block.ms + delivery.timeout.ms = 20 s), shorter than forever.
    private static final int IDLE_TIMEOUT_SECONDS = 60;

    /** The page's own files only, no inline script or style: what the report form needs and nothing else. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ReadingPublisher publisher;
    private final TokenStoreReloader reloader;

    private IngestServer(HttpServer server, ReadingPublisher publisher, TokenStoreReloader reloader) {
        this.server = server;
        this.publisher = publisher;
        this.reloader = reloader;
    }

    /**
     * Loads the token store (when configured; a broken one fails the start), connects to Kafka (a
     * broker that is down makes {@code /health} answer 503, not the start fail), then listens; fails
     * if the port cannot be bound or the Kafka settings are unusable.
     */
    public static Future<IngestServer> start(Vertx vertx, IngestConfig config, IngestTokens tokens) {
        return start(vertx, config, tokens, EdgeConfig.defaults(config.host()));
    }

    /** As {@link #start(Vertx, IngestConfig, IngestTokens)}, with the connection caps, deadlines and Host names of {@code edge}. */
    public static Future<IngestServer> start(Vertx vertx, IngestConfig config, IngestTokens tokens, EdgeConfig edge) {
        TokenStoreReloader reloader = config.tokenStore() == null ? null
                : new TokenStoreReloader(vertx, config.tokenStore(), tokens, config.registry(), config.defaultTokenRate());
        Future<Void> tokensLoaded = reloader == null ? Future.succeededFuture() : reloader.start(config.tokenReloadInterval());
        return tokensLoaded.compose(v -> ReadingPublisher.start(vertx, config.bootstrapServers(), config.topicPrefix()))
                .onFailure(error -> {
                    if (reloader != null) {
                        reloader.stop();
                    }
                }).compose(publisher -> {
            IngestMetrics metrics = new IngestMetrics();
            InFlightBudget budget = new InFlightBudget(config.maxInFlightReadings(), config.maxInFlightBytes());
            BodyBudget bodies = new BodyBudget(budget, config.tokenShareBytes(), config.maxBodiesPerToken());
            metrics.watch(budget, bodies);
            ReadingsHandler readings = new ReadingsHandler(tokens, ReadingBatchValidator.of(config), publisher,
                    metrics, Clock.systemUTC(), config, new TokenRateLimiter(config.maxBatch()), budget,
                    new UnreadBody(vertx, config.maxBodyBytes(), config.bodyDeadline()));
            BodyReceiver receiver = new BodyReceiver(vertx, bodies, metrics, config.maxBodyBytes(), config.bodyDeadline(),
                    ReadingsHandler::tokenId);
            Router router = router(vertx, config, readings, receiver, new ScopeHandler(tokens, config.registry()),
                    publisher, metrics, MetricsAccess.of(config, tokens));
            // HTTP/1.1 only (ConnectionGuard.options): caps and deadlines hold from a connection's first moment,
            // and a refused request's unread body is handled per connection, which under h2c would cut every stream.
            HttpServerOptions options = ConnectionGuard.options().setIdleTimeout(IDLE_TIMEOUT_SECONDS);
            ConnectionGuard guard = new ConnectionGuard(vertx, edge, "ingest");
            metrics.watch(guard);
            return guard.install(vertx.createHttpServer(options), router).listen(config.port(), config.host())
                    .map(server -> {
                        LOG.info("Ingest listening on http://{}:{}{} ({} tokens; at most {} connections, {} per address;"
                                        + " answers to {})", config.host(), server.actualPort(), ReadingsHandler.PATH,
                                tokens.size(), edge.maxConnections(), edge.maxConnectionsPerAddress(), edge.hosts().names());
                        return new IngestServer(server, publisher, reloader);
                    })
                    .recover(error -> publisher.close().andThen(ignored -> {
                        if (reloader != null) {
                            reloader.stop();
                        }
                    }).transform(ignored -> Future.failedFuture(
                            new IllegalStateException("ingest cannot listen on " + config.host() + ":" + config.port()
                                    + ": " + error.getMessage(), error))));
        });
    }

    /** The port really bound (the one picked when the configured port is 0). */
    public int port() {
        return server.actualPort();
    }

    /** True when Kafka is reachable and the readings topic exists (what {@code GET /health} answers). */
    public boolean healthy() {
        return publisher.healthy();
    }

    /** Stops re-reading the token store and listening, then flushes and closes the Kafka clients. */
    public Future<Void> close() {
        if (reloader != null) {
            reloader.stop();
        }
        return server.close().eventually(publisher::close);
    }

    private static Router router(Vertx vertx, IngestConfig config, ReadingsHandler readings, BodyReceiver receiver,
                                 ScopeHandler scope, ReadingPublisher publisher, IngestMetrics metrics,
                                 MetricsAccess metricsAccess) {
        Router router = Router.router(vertx);
        router.route().handler(IngestServer::securityHeaders);
        router.route().handler(ctx -> {
            Timer.Sample sample = metrics.startRequest();
            ctx.addBodyEndHandler(v -> metrics.requestDone(sample, ctx.normalizedPath(), ctx.response().getStatusCode()));
            ctx.next();
        });
        // Token and content type first, so nothing is read from a sender that will be refused anyway;
        // then the body, charged as it arrives (BodyReceiver), then the readings.
        router.post(ReadingsHandler.PATH).handler(ctx -> readings.authorize(ctx, ReadingsHandler.Format.JSON));
        router.post(ReadingsHandler.PATH).handler(receiver).handler(readings::handleJson);
        router.post(ReadingsHandler.CSV_PATH).handler(ctx -> readings.authorize(ctx, ReadingsHandler.Format.CSV));
        router.post(ReadingsHandler.CSV_PATH).handler(receiver).handler(readings::handleCsv);
        // Every GET answers HEAD too (HTTP says it must): same status and headers, the server leaves out the body.
        read(router, ScopeHandler.PATH).handler(scope::handle);
        // The form: static files from the jar; its own directory name, since the dashboard's webroot
        // shares the class path in the embedded system.
        read(router, "/report").handler(ctx -> ctx.reroute("/report/index.html"));
        router.route("/report/*").method(HttpMethod.HEAD).handler(IngestServer::staticContentTypeOnHead);
        read(router, "/report/*").handler(StaticHandler.create("ingest-report").setCachingEnabled(false)
                .setDirectoryListing(false).setIncludeHidden(false));
        read(router, "/health").handler(ctx -> health(ctx, publisher));
        read(router, "/metrics").handler(metricsAccess::handle).handler(ctx -> JsonReplies.end(ctx.response()
                .putHeader("Content-Type", IngestMetrics.CONTENT_TYPE), Buffer.buffer(metrics.scrape())));
        router.route().failureHandler(ctx -> failure(ctx, config));
        // Without the method, so that HEAD's 404 has the length GET's has.
        router.errorHandler(404, ctx -> JsonReplies.error(ctx, 404, "$", "no such resource: " + ctx.normalizedPath()));
        router.errorHandler(405, ctx -> JsonReplies.error(ctx, 405, "$", "method " + ctx.request().method()
                + " not allowed here"));
        // Last resort, for a failure inside a failure handler.
        router.errorHandler(500, ctx -> {
            LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
            JsonReplies.error(ctx, 500, "$", "internal error; it has been logged");
        });
        return router;
    }

    /** A route for GET and HEAD on {@code path}. */
    private static Route read(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /**
     * The static handler answers HEAD without the {@code Content-Type} its GET has: put the one it
     * would (by file name, UTF-8 for text, its default) so HEAD says what GET would.
     */
    private static void staticContentTypeOnHead(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            HttpServerResponse response = ctx.response();
            String type = MimeMapping.mimeTypeForFilename(ctx.normalizedPath());
            if (response.getStatusCode() == 200 && !response.headers().contains("Content-Type") && type != null) {
                response.putHeader("Content-Type", type.startsWith("text") ? type + ";charset=UTF-8" : type);
            }
        });
        ctx.next();
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            HttpServerResponse response = ctx.response();
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.putHeader("Referrer-Policy", "no-referrer");
            // Every answer here is live state or an outcome: nothing for a cache to keep.
            response.putHeader("Cache-Control", "no-store");
        });
        ctx.next();
    }

    private static void health(RoutingContext ctx, ReadingPublisher publisher) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (publisher.healthy()) {
            JsonReplies.send(ctx, 200, body.put("status", "UP"));
        } else {
            JsonReplies.send(ctx, 503, body.put("status", "DOWN").put("reason", publisher.healthReason()));
        }
    }

    /** Turns a failed route into a JSON answer: the status it failed with, or a logged 500 for an exception. */
    private static void failure(RoutingContext ctx, IngestConfig config) {
        int status = ctx.statusCode();
        if (ctx.response().closed() || ClientGone.is(ctx.failure())) {
            // The client hung up or reset the connection (often mid-upload): nobody to answer, and
            // nothing went wrong here, so no 500 in the metrics and no stack trace in the log.
            LOG.debug("Client closed the connection during {} {}: {}", ctx.request().method(), ctx.normalizedPath(),
                    String.valueOf(ctx.failure()));
            ctx.request().connection().close();
            return;
        }
        if (status == 413) {
            JsonReplies.error(ctx, 413, "$", "request body larger than " + config.maxBodyBytes()
                    + " bytes (the limit); split the batch");
        } else if (status >= 400 && status < 500) {
            JsonReplies.error(ctx, status, "$", "bad request (HTTP " + status + ")");
        } else {
            LOG.error("Unexpected failure answering {} {}", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
            JsonReplies.error(ctx, 500, "$", "internal error; it has been logged");
        }
    }
}
