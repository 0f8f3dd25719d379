package vn.election.dashboard.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import vn.election.dashboard.web.JsonReply;

/**
 * The first handler of every request: reads the session cookie, puts the request's {@link Scope} and session in
 * {@link RequestAccess}, and answers 401 for a data endpoint, /ws (before the upgrade) or /metrics without a
 * valid session when logins are required; /metrics also needs a national session or the metrics token
 * (Prometheus). The page's files, /health
 * and the login endpoints stay public (they hold no figures or names).
 */
public final class AccessGate implements Handler<RoutingContext> {

    private final Access access;

    public AccessGate(Access access) {
        this.access = access;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Access.COOKIE);
        Optional<Session> session = access.session(cookie == null ? null : cookie.getValue());
        Scope scope = access.scope(session);
        RequestAccess.put(ctx, scope, session);
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
        return !data || AuthApi.serves(path);
    }

}
