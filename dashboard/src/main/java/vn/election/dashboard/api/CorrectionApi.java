package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import vn.election.dashboard.state.CorrectionStore;
import vn.election.dashboard.web.JsonReply;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;

/**
 * {@code GET /api/v1/units/{id}/corrections}: the corrections on record of a unit and everything below it, newest
 * first, a page at a time; the unit API's rules (404 for an unknown unit, 403 outside the login's scope).
 */
public final class CorrectionApi {

    static final int DEFAULT_LIMIT = 50;
    /** A page the page's panel and a script can use; more at once only makes one request hold the event loop longer. */
    static final int MAX_LIMIT = 500;

    private final CorrectionStore store;
    private final Registry registry;

    public CorrectionApi(CorrectionStore store, Registry registry) {
        this.store = store;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/api/v1/units/:id/corrections").handler(this::corrections);
    }

    private void corrections(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (registry.find(id).isEmpty()) {
            JsonReply.error(ctx, 404, "no unit '" + Params.shown(id) + "' in the registry");
            return;
        }
        if (ScopeCheck.refused(ctx, id)) {
            return;
        }
        int offset;
        int limit;
        try {
            limit = Params.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            offset = Params.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
            return;
        }
        CorrectionStore.Page page = store.page(id, offset, limit);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", id);
        o.put("total", page.total());
        o.put("offset", offset);
        o.put("limit", limit);
        // Said, so a reader knows the list may not reach back to the start of the day.
        o.put("dropped", store.dropped());
        ArrayNode items = o.putArray("items");
        page.items().forEach(e -> items.add(store.toJson(e)));
        JsonReply.send(ctx, 200, o);
    }
}
