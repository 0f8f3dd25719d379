package vn.election.dashboard.push;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import vn.election.dashboard.web.JsonText;
import vn.election.model.json.Json;
import vn.election.model.registry.Unit;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/** Builds the JSON text of every websocket frame the server sends (protocol in the module README). */
final class Frames {

    private Frames() {
    }

    /** The unit in view with its children, the path from the root and the root for the national header. */
    static String snapshot(UnitSnapshot unit, List<UnitSnapshot> children, List<Unit> path, UnitSnapshot root) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "snapshot");
        o.set("unit", UnitSnapshotCodec.toNode(unit));
        ArrayNode c = o.putArray("children");
        children.forEach(s -> c.add(UnitSnapshotCodec.toNode(s)));
        ArrayNode p = o.putArray("path");
        for (Unit u : path) {
            p.addObject().put("unit_id", u.id()).put("name", u.name()).put("level", u.level());
        }
        o.set("root", UnitSnapshotCodec.toNode(root));
        return JsonText.of(o);
    }

    /** The current figures of the given units. */
    static String update(Collection<UnitSnapshot> units) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "update");
        ArrayNode a = o.putArray("units");
        units.forEach(s -> a.add(UnitSnapshotCodec.toNode(s)));
        return JsonText.of(o);
    }

    /**
     * Alert episodes with their acknowledgements: {@code full} replaces the client's list (on connect,
     * or after it fell too far behind), otherwise the client upserts them by alert_id.
     */
    static String alerts(boolean full, List<ObjectNode> alerts) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "alerts");
        o.put("full", full);
        ArrayNode a = o.putArray("alerts");
        alerts.forEach(a::add);
        return JsonText.of(o);
    }

    /**
     * New corrections on record of the unit in view ({@code unit}) and everything below it, oldest first: the client
     * adds them to its list (by correction_id); {@code reload} says it missed some and should ask the REST endpoint.
     */
    static String corrections(String unit, boolean reload, List<ObjectNode> corrections) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "corrections");
        o.put("unit", unit);
        o.put("reload", reload);
        ArrayNode a = o.putArray("corrections");
        corrections.forEach(a::add);
        return JsonText.of(o);
    }

    static String heartbeat() {
        return "{\"type\":\"heartbeat\"}";
    }

    static String error(String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "error");
        o.put("message", message);
        return JsonText.of(o);
    }
}
