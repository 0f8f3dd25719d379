package vn.election.dashboard.api;

import io.vertx.ext.web.RoutingContext;
import vn.election.dashboard.auth.RequestAccess;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.web.JsonReply;

/** Answers 403 for a unit outside what the request's login may see. */
public final class ScopeCheck {

    private ScopeCheck() {
    }

    /** Answers 403 and returns true when the unit is outside the request's scope. */
    public static boolean refused(RoutingContext ctx, String unitId) {
        Scope s = RequestAccess.scope(ctx);
        if (s.allows(unitId)) {
            return false;
        }
        JsonReply.error(ctx, 403, "unit '" + Params.shown(unitId) + "' is outside what this login may see ("
                + s.unitId() + " and below)");
        return true;
    }
}
