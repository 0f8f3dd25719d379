package vn.election.dashboard.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What the access gate found for one request (its {@link Scope}, its {@link Session} if signed in), kept in the
 * routing context under keys only this class knows, so the gate writes them and every route reads them here.
 */
public final class RequestAccess {

    private static final String SCOPE = "election.scope";
    private static final String SESSION = "election.session";

    private RequestAccess() {
    }

    static void put(RoutingContext ctx, Scope scope, Optional<Session> session) {
        if (scope != null) {
            ctx.put(SCOPE, scope);
        }
        session.ifPresent(s -> ctx.put(SESSION, s));
    }

    /** The scope the gate put in the request; a route that serves data without one is a bug, so it fails closed. */
    public static Scope scope(RoutingContext ctx) {
        Scope s = ctx.get(SCOPE);
        if (s == null) {
            throw new IllegalStateException("no access scope for " + ctx.normalizedPath());
        }
        return s;
    }

    /** The request's signed-in session; empty when logins are off or nobody is signed in. */
    public static Optional<Session> session(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION));
    }
}
