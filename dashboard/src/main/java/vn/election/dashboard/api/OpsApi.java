package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.IntSupplier;
import vn.election.dashboard.DashboardMetrics;
import vn.election.dashboard.feed.HealthStatus;
import vn.election.dashboard.feed.KafkaFeed;
import vn.election.dashboard.state.UnitStore;
import vn.election.dashboard.web.JsonReply;
import vn.election.edge.MetricsScrape;
import vn.election.model.json.Json;

/** The operations endpoints: /health (200 or 503 with a reason, for load balancers) and /metrics (Prometheus text). */
public final class OpsApi {

    private final KafkaFeed feed;
    private final UnitStore store;
    private final DashboardMetrics metrics;
    private final IntSupplier clients;

    public OpsApi(KafkaFeed feed, UnitStore store, DashboardMetrics metrics, IntSupplier clients) {
        this.feed = feed;
        this.store = store;
        this.metrics = metrics;
        this.clients = clients;
    }

    public void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(new MetricsScrape(metrics::scrape));
    }

    private void health(RoutingContext ctx) {
        HealthStatus h = feed.health();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("status", h.up() ? "UP" : "DOWN");
        if (!h.up()) {
            o.put("reason", h.reason());
        }
        o.put("caught_up", feed.caughtUp());
        o.put("units_known", store.knownUnits());
        o.put("units_in_registry", store.registry().size());
        o.put("lag", feed.lag());
        o.put("websocket_clients", clients.getAsInt());
        JsonReply.send(ctx, h.up() ? 200 : 503, o);
    }
}
