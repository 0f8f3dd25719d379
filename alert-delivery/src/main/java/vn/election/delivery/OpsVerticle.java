package vn.election.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import vn.election.edge.ConnectionGuard;
import vn.election.edge.EdgeConfig;
import vn.election.edge.EdgeMeters;
import vn.election.edge.MetricsScrape;
import vn.election.model.json.Json;

/**
 * The alert-delivery service's HTTP side: {@code GET /health} (200 while the delivery thread runs, 503 with
 * the reason otherwise; records pending and notifications in flight) and {@code GET /metrics} (Prometheus
 * text, behind {@link MetricsAccess}), with the edge's connection caps, deadlines and Host allow-list in front.
 */
final class OpsVerticle extends VerticleBase {

    private final OpsConfig config;
    private final EdgeConfig edge;
    private final WebhookDelivery delivery;
    private final PrometheusMeterRegistry meters;
    private HttpServer server;

    OpsVerticle(OpsConfig config, EdgeConfig edge, WebhookDelivery delivery, PrometheusMeterRegistry meters) {
        this.config = config;
        this.edge = edge;
        this.delivery = delivery;
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(new MetricsAccess(config)::handle).handler(new MetricsScrape(meters::scrape));
        ConnectionGuard guard = new ConnectionGuard(vertx, edge, "alert-delivery");
        EdgeMeters.register(meters, "alert-delivery", guard);
        return guard.install(vertx.createHttpServer(ConnectionGuard.options()), router)
                .listen(config.port(), config.host())
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    int port() {
        return server == null ? -1 : server.actualPort();
    }

    private void health(RoutingContext ctx) {
        boolean up = delivery.running();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("status", up ? "UP" : "DOWN");
        if (!up) {
            o.put("reason", "the delivery thread stopped (see the log); alerts stay in Kafka until a restart");
        }
        o.put("pending_records", delivery.pendingRecords());
        o.put("in_flight", delivery.inFlight());
        ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(o.toString());
    }
}
