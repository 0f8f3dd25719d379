package vn.election.dashboard.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import vn.election.dashboard.DashboardMetrics;

/**
 * Times every HTTP request but the websocket's (its upgrade lives as long as the screen) into
 * {@code dashboard_http_requests_seconds}, a Prometheus histogram by method, route pattern and status.
 */
public final class RequestTimer implements Handler<RoutingContext> {

    private final DashboardMetrics metrics;

    public RequestTimer(DashboardMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!ctx.normalizedPath().equals("/ws")) {
            long start = System.nanoTime();
            String method = ctx.request().method().name();
            ctx.addEndHandler(ar -> metrics.request(method, route(ctx), ctx.response().getStatusCode(), System.nanoTime() - start));
        }
        ctx.next();
    }

    /** The pattern of the route that answered ({@code /api/v1/units/:id}), so ids never become label values. */
    private static String route(RoutingContext ctx) {
        Route r = ctx.currentRoute();
        String path = r == null ? null : r.getPath();
        if (path == null || path.equals("/")) {
            // The page's files (the static handler has no path) and the answers of handlers mounted on every path.
            return ctx.normalizedPath().startsWith("/api/") ? "/api/*" : "static";
        }
        return path;
    }
}
