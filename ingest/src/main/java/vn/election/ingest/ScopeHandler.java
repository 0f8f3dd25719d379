package vn.election.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * {@code GET /api/v1/scope} with a token: the unit it reports for and the polling areas it may send
 * readings for (id, name, list size, the unit above), in registry order, at most
 * {@value #MAX_AREAS}; what the report form offers to pick from.
 */
final class ScopeHandler {

    static final String PATH = "/api/v1/scope";
    /** A form is for a commune or a district; a national token would otherwise fetch 80,000 names. */
    static final int MAX_AREAS = 5000;

    private final BearerAuth auth;
    private final Registry registry;

    ScopeHandler(IngestTokens tokens, Registry registry) {
        this.auth = new BearerAuth(tokens);
        this.registry = registry;
    }

    void handle(RoutingContext ctx) {
        Optional<IngestTokens.Grant> grant = auth.grant(ctx, () -> { });
        if (grant.isEmpty()) {
            return;
        }
        Unit scope = registry.unit(grant.get().unitId());
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("unit_id", scope.id()).put("name", scope.name()).put("level", scope.level())
                .put("token_id", grant.get().id())
                .put("rate_per_second", grant.get().ratePerSecond());
        long total = registry.isLeaf(scope.id()) ? 1 : registry.descendantsAt(scope.id(), registry.leafDepth());
        body.put("total", total).put("truncated", total > MAX_AREAS);
        ArrayNode areas = body.putArray("polling_areas");
        // Depth first in file order, stopping at the cap, so a big scope costs no more than a small one.
        Deque<String> stack = new ArrayDeque<>();
        stack.push(scope.id());
        while (!stack.isEmpty() && areas.size() < MAX_AREAS) {
            String id = stack.pop();
            if (registry.isLeaf(id)) {
                Unit area = registry.unit(id);
                ObjectNode o = areas.addObject().put("unit_id", area.id()).put("name", area.name())
                        .put("registered", area.registered());
                registry.find(area.parentId()).ifPresent(p -> o.put("parent_id", p.id()).put("parent_name", p.name()));
                continue;
            }
            List<String> children = registry.children(id);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
        JsonReplies.send(ctx, 200, body);
    }
}
