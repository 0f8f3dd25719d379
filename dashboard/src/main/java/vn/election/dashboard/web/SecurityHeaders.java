package vn.election.dashboard.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds the content security policy and related headers to every response: the page runs only its own script
 * and style, talks only to its own origin, and is never shown inside another site's frame.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

    /**
     * No inline script or style; fetch and websockets to this origin only ('self' covers ws: and wss: of the
     * same host and port in CSP Level 3 browsers: Chromium, Firefox, Safari 15.4+); no framing by any page
     * (clickjacking of the acknowledge and sign-out buttons).
     */
    public static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "frame-ancestors 'none'";

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                // frame-ancestors for browsers that predate it (and some proxies that only look here).
                .putHeader("X-Frame-Options", "DENY");
        ctx.next();
    }
}
