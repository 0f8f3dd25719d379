package vn.election.dashboard;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Adds the content security policy and related headers to every response: the page runs only its own script and style. */
final class SecurityHeaders implements Handler<RoutingContext> {

    /** No inline script or style; websockets to this origin (ws: and wss: for browsers that need the scheme). */
    static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'";

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
