package vn.election.dashboard;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import vn.election.dashboard.auth.Access;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.auth.Session;

/**
 * The first handler of every request: reads the session cookie, puts the request's {@link Scope} in the
 * routing context, and answers 401 for a data endpoint, /ws (before the upgrade) or /metrics without a
 * valid session when logins are required; /metrics also needs a national session or the metrics token
 * (Prometheus). The page's files, /health
 * and the login endpoints stay public (they hold no figures or names).
 */
final class AccessGate implements Handler<RoutingContext> {

    static final String SCOPE = "election.scope";
    static final String SESSION = "election.session";

    private final Access access;

    AccessGate(Access access) {
        this.access = access;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Access.COOKIE);
        Optional<Session> session = access.session(cookie == null ? null : cookie.getValue());
        Scope scope = access.scope(session);
        if (scope != null) {
            ctx.put(SCOPE, scope);
        }
        session.ifPresent(s -> ctx.put(SESSION, s));
        String path = ctx.normalizedPath();
        if (!access.required() || isPublic(path)) {
            ctx.next();
            return;
        }
        if (path.equals("/metrics") && access.metricsScrape(ctx.request().getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        if (scope == null) {
            JsonReply.error(ctx, 401, "sign in first (POST /api/v1/login, or open /login.html)");
            return;
        }
        if (path.startsWith("/metrics") && !scope.national()) {
            JsonReply.error(ctx, 403, "metrics are for national viewers");
            return;
        }
        ctx.next();
    }

    private static boolean isPublic(String path) {
        boolean data = path.startsWith("/api/") || path.startsWith("/ws") || path.startsWith("/metrics");
        return !data || path.equals(AuthApi.LOGIN) || path.equals(AuthApi.LOGOUT) || path.equals(AuthApi.ME);
    }

    /** The scope the gate put in the request; a route that serves data without one is a bug, so it fails closed. */
    static Scope scope(RoutingContext ctx) {
        Scope s = ctx.get(SCOPE);
        if (s == null) {
            throw new IllegalStateException("no access scope for " + ctx.normalizedPath());
        }
        return s;
    }

    /** Answers 403 and returns true when the unit is outside the request's scope. */
    static boolean refused(RoutingContext ctx, String unitId) {
        Scope s = scope(ctx);
        if (s.allows(unitId)) {
            return false;
        }
        JsonReply.error(ctx, 403, "unit '" + Params.shown(unitId) + "' is outside what this login may see ("
                + s.unitId() + " and below)");
        return true;
    }
}
