package vn.election.dashboard.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers HEAD wherever GET is answered (page files, /health, /metrics, the REST reads): the request is
 * routed as its GET, so status and headers are the same, and the HTTP server writes no body for a HEAD.
 */
public final class HeadAsGet implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            // Rerouting keeps the request's URI (query included); every handler, the access gate too, runs as for GET.
            ctx.reroute(HttpMethod.GET, ctx.request().uri());
            return;
        }
        ctx.next();
    }
}
