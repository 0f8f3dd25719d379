package vn.election.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * The read API: a unit's figures, its children's figures, and the page's metadata (levels, root,
 * target), all answered from the {@link UnitStore}.
 */
final class UnitApi {

    private final UnitStore store;
    private final DashboardConfig config;

    UnitApi(UnitStore store, DashboardConfig config) {
        this.store = store;
        this.config = config;
    }

    void mount(Router router) {
        router.get("/api/v1/units/:id").handler(this::unit);
        router.get("/api/v1/units/:id/children").handler(this::children);
        router.get("/api/v1/meta").handler(this::meta);
    }

    private void unit(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<UnitSnapshot> s = store.find(id);
        if (s.isEmpty()) {
            notFound(ctx, id);
            return;
        }
        JsonReply.send(ctx, 200, UnitSnapshotCodec.toNode(s.get()));
    }

    private void children(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (store.find(id).isEmpty()) {
            notFound(ctx, id);
            return;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        store.children(id).forEach(c -> out.add(UnitSnapshotCodec.toNode(c)));
        JsonReply.send(ctx, 200, out);
    }

    /** What the page needs besides unit objects; documented in the module README. */
    private void meta(RoutingContext ctx) {
        Registry registry = store.registry();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("root", registry.root());
        ArrayNode levels = o.putArray("levels");
        registry.levels().forEach(levels::add);
        o.put("leaf_level", Registry.LEAF_LEVEL);
        o.put("target_pct", config.targetPct());
        o.put("push_interval_ms", config.pushInterval().toMillis());
        o.put("units", registry.size());
        JsonReply.send(ctx, 200, o);
    }

    private static void notFound(RoutingContext ctx, String id) {
        String shown = id == null ? "" : id.length() > 80 ? id.substring(0, 80) + "..." : id;
        JsonReply.error(ctx, 404, "no unit '" + shown + "' in the registry");
    }
}
